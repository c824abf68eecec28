import Foundation
import XCTest
@testable import AkashiFFI

/// Binding tests: micro-credential descriptors and their Japanese / English rendering through akashi_ffi.
final class DescriptorsTests: XCTestCase {
    func verify(_ name: String) throws -> Report {
        let url = Fixtures.repoRoot.appendingPathComponent("examples/credentials/\(name)")
        var o = defaultVerifyOptions()
        o.offline = true
        o.nowRfc3339 = "2026-06-01T00:00:00Z"
        return try verifyJson(input: try String(contentsOf: url, encoding: .utf8), options: o)
    }

    /// Single-line messages of core/locales/<lang>/akashi.ftl: the labels the bindings must return.
    func ftl(_ lang: String) throws -> [String: String] {
        let url = Fixtures.repoRoot.appendingPathComponent("core/locales/\(lang)/akashi.ftl")
        var out: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        where line.contains(" = ") && !line.hasPrefix(" ") && !line.hasPrefix("#") {
            let parts = line.components(separatedBy: " = ")
            out[parts[0]] = parts.dropFirst().joined(separator: " = ")
        }
        return out
    }

    func testFullExampleCarriesEveryDescriptorAndCompletesBothProfiles() throws {
        let d = try XCTUnwrap(try verify("micro-credential-full.json").credential.descriptors)
        XCTAssertEqual(d.items.count, 18)
        XCTAssertTrue(d.items.allSatisfy { $0.present }, "\(d.items.filter { !$0.present })")
        let participation = d.items.first { $0.id == .formOfParticipation }?.values ?? []
        XCTAssertEqual(participation.map { $0.source }, ["credentialSubject.achievement.formOfParticipation"])
        XCTAssertEqual(d.profiles.map { $0.id }, ["jp-mc-guideline-3.0", "eu-mc-2022"])
        XCTAssertTrue(d.profiles.allSatisfy { $0.complete && $0.missing.isEmpty })
    }

    func testPlainExampleMissesWhatItDoesNotState() throws {
        let d = try XCTUnwrap(try verify("micro-credential.json").credential.descriptors)
        let jp = try XCTUnwrap(d.profiles.first { $0.id == "jp-mc-guideline-3.0" })
        XCTAssertFalse(jp.complete)
        XCTAssertEqual(jp.missing, [.assessmentType, .qualityAssurance])
    }

    func testReportRendersInJapaneseAndEnglish() throws {
        let report = try verify("micro-credential-full.json")
        let trustReason = report.checks.first { $0.id == .trust }?.reason
        for (language, tag) in [(Language.en, "en"), (Language.ja, "ja")] {
            let msgs = try ftl(tag)
            let loc = localizeReport(report: report, language: language)
            XCTAssertEqual(loc.summaryLabel, msgs["summary-verified_with_warnings"])
            XCTAssertEqual(loc.descriptors.first { $0.id == .qualityAssurance }?.label, msgs["descriptor-quality_assurance"])
            let trust = try XCTUnwrap(loc.checks.first { $0.id == .trust })
            XCTAssertEqual(trust.message, msgs["code-no_registry"])
            XCTAssertEqual(trust.detail, trustReason)
        }
        XCTAssertNotEqual(try ftl("en")["descriptor-quality_assurance"], try ftl("ja")["descriptor-quality_assurance"])
    }

    func testPreferredLanguageFollowsTheDevice() {
        XCTAssertEqual(preferredLanguage(languages: ["ja-JP", "en-US"]), .ja)
        XCTAssertEqual(preferredLanguage(languages: ["de-DE"]), .en)
    }
}
