import Foundation
import XCTest
@testable import AkashiFFI

/// Locates the repository and its fixtures (AKASHI_ROOT, else walks up from the working dir / this file).
enum Fixtures {
    static func isRepoRoot(_ url: URL) -> Bool {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        return fm.fileExists(atPath: url.appendingPathComponent("Cargo.toml").path)
            && fm.fileExists(atPath: url.appendingPathComponent("uniffi-bindings").path, isDirectory: &isDir) && isDir.boolValue
    }

    static let repoRoot: URL = {
        let env = ProcessInfo.processInfo.environment
        if let r = env["AKASHI_ROOT"], !r.isEmpty, isRepoRoot(URL(fileURLWithPath: r)) {
            return URL(fileURLWithPath: r).standardizedFileURL
        }
        for start in [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), URL(fileURLWithPath: #filePath)] {
            var dir = start.standardizedFileURL
            while dir.path != "/" {
                if isRepoRoot(dir) { return dir }
                dir = dir.deletingLastPathComponent()
            }
        }
        fatalError("cannot locate the Akashi repository root (set AKASHI_ROOT)")
    }()

    static var sharedDir: URL {
        if let s = ProcessInfo.processInfo.environment["AKASHI_SHARED"], !s.isEmpty {
            return URL(fileURLWithPath: s)
        }
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The repo's valid example OB 3.0 credential (examples/credentials/).
    static func exampleCredential() throws -> URL {
        let dir = repoRoot.appendingPathComponent("examples/credentials")
        let preferred = dir.appendingPathComponent("micro-credential.json")
        if FileManager.default.fileExists(atPath: preferred.path) { return preferred }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        guard let first = names.filter({ $0.hasSuffix(".json") && !$0.contains("unsigned") }).sorted().first else {
            XCTFail("no example credential (*.json) in \(dir.path)")
            throw XCTSkip("no example credential")
        }
        return dir.appendingPathComponent(first)
    }

    /// ../shared/fixtures/ob3/<rel>; skipped only when ../shared is absent outside CI.
    static func ob3(_ rel: String) throws -> URL {
        try shared("ob3/\(rel)")
    }

    /// ../shared/fixtures/<rel> (any family, e.g. other/baking/...); same skip rule as `ob3`.
    static func shared(_ rel: String) throws -> URL {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: sharedDir.path, isDirectory: &isDir) || !isDir.boolValue {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("shared fixtures folder \(sharedDir.path) missing in CI")
            }
            throw XCTSkip("shared fixtures folder \(sharedDir.path) not present")
        }
        let url = sharedDir.appendingPathComponent("fixtures/\(rel)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: url.path), "fixture \(url.path) missing")
        return url
    }
}

/// Binding tests: the Swift side of akashi_ffi (UniFFI) against real Open Badges 3.0 fixtures.
final class VerifyTests: XCTestCase {
    /// Default options, offline (CI reaches no issuer hosts).
    func options(now: String? = nil) -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = true
        o.nowRfc3339 = now
        return o
    }

    func verifyFile(_ url: URL, now: String? = nil) throws -> Report {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try verifyJson(input: text, options: options(now: now))
    }

    func describe(_ r: Report) -> String {
        "summary=\(r.summary) checks=" + r.checks.map {
            "\($0.id):\($0.status):\($0.code ?? "-"):\($0.reason ?? "-"):\($0.warnings)"
        }.joined(separator: "; ")
    }

    func check(_ r: Report, _ id: CheckId, file: StaticString = #filePath, line: UInt = #line) -> Check? {
        let found = r.checks.filter { $0.id == id }
        XCTAssertEqual(found.count, 1, "expected exactly one \(id) check: \(describe(r))", file: file, line: line)
        return found.first
    }

    func testCoreVersionIsReported() {
        XCTAssertFalse(coreVersion().trimmingCharacters(in: .whitespaces).isEmpty)
    }

    func testDefaultOptionsAreSafe() {
        let o = defaultVerifyOptions()
        XCTAssertNil(o.nowRfc3339)
        XCTAssertFalse(o.allowHttpLoopback)
        XCTAssertNil(o.extraCaPem)
    }

    func testExampleCredentialVerifies() throws {
        let r = try verifyFile(try Fixtures.exampleCredential())
        XCTAssertTrue([Summary.verified, .verifiedWithWarnings].contains(r.summary), describe(r))
        XCTAssertEqual(check(r, .proof)?.status, .valid, describe(r))
        XCTAssertEqual(check(r, .format)?.status, .valid, describe(r))
        XCTAssertFalse(r.verifiedAt.isEmpty)
        XCTAssertTrue(r.checks.allSatisfy { !$0.checkedAt.isEmpty })
        XCTAssertTrue(r.credential.types.contains { $0.hasSuffix("Credential") }, "\(r.credential.types)")
        XCTAssertNotNil(r.credential.issuerId)
    }

    func testExampleVerifyBytesMatchesVerifyJson() throws {
        let url = try Fixtures.exampleCredential()
        let fromBytes = try verifyBytes(input: try Data(contentsOf: url), options: options())
        let fromJson = try verifyFile(url)
        XCTAssertEqual(fromBytes.summary, fromJson.summary)
        XCTAssertEqual(fromBytes.checks.map { "\($0.id)=\($0.status)" }, fromJson.checks.map { "\($0.id)=\($0.status)" })
    }

    func testOneEdTechSimpleVerifiesWithFragmentKeyWarning() throws {
        let r = try verifyFile(try Fixtures.ob3("1edtech-validator/simple.json"))
        XCTAssertEqual(r.summary, .verifiedWithWarnings, describe(r))
        XCTAssertEqual(check(r, .proof)?.status, .valid, describe(r))
        XCTAssertTrue(r.checks.contains { !$0.warnings.isEmpty }, describe(r))
        XCTAssertEqual(r.credential.name, "Teamwork Badge")
        XCTAssertEqual(r.credential.issuerId, "https://example.com/issuers/876543")
        XCTAssertEqual(r.credential.issuerName, "Example Corp")
        XCTAssertTrue(r.credential.types.contains("OpenBadgeCredential"))
    }

    func testExpiredCredentialIsExpired() throws {
        let r = try verifyFile(try Fixtures.ob3("1edtech-validator/simple-err-expired.json"))
        XCTAssertEqual(r.summary, .expired, describe(r))
        XCTAssertEqual(check(r, .validity)?.status, .invalid, describe(r))
        XCTAssertNotNil(r.credential.validUntil)
    }

    func testNotYetValidWithExplicitNow() throws {
        let r = try verifyFile(try Fixtures.ob3("1edtech-validator/simple.json"), now: "2000-01-01T00:00:00Z")
        XCTAssertEqual(r.summary, .notYetValid, describe(r))
    }

    func testTamperedSignatureIsNotVerified() throws {
        let r = try verifyFile(try Fixtures.ob3("1edtech-validator/simple-err-proof-value.json"))
        XCTAssertEqual(r.summary, .notVerified, describe(r))
        XCTAssertEqual(check(r, .proof)?.status, .invalid, describe(r))
    }

    func testGarbageThrowsNotJson() {
        XCTAssertThrowsError(try verifyJson(input: "not json at all", options: options())) { error in
            guard case VerifyError.NotJson(let line, let column) = error else {
                return XCTFail("expected VerifyError.NotJson, got \(error)")
            }
            XCTAssertGreaterThanOrEqual(line, 1)
            XCTAssertGreaterThanOrEqual(column, 1)
        }
    }

    func testJsonThatIsNotAnObjectThrowsNotAnObject() {
        XCTAssertThrowsError(try verifyJson(input: "42", options: options())) { error in
            guard case VerifyError.NotAnObject = error else {
                return XCTFail("expected VerifyError.NotAnObject, got \(error)")
            }
        }
    }

    func testTooDeepInputThrowsTooDeep() {
        let depth = 100_000
        let nested = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        XCTAssertThrowsError(try verifyJson(input: nested, options: options())) { error in
            guard case VerifyError.TooDeep(let limit) = error else {
                return XCTFail("expected VerifyError.TooDeep, got \(error)")
            }
            XCTAssertGreaterThan(limit, 0)
            XCTAssertLessThan(Int(limit), depth)
        }
    }

    func testOversizedInputThrowsTooLarge() {
        let size = 64 * 1024 * 1024 + 1
        var big = Data(repeating: UInt8(ascii: " "), count: size)
        big[0] = UInt8(ascii: "{")
        big[size - 1] = UInt8(ascii: "}")
        XCTAssertThrowsError(try verifyBytes(input: big, options: options())) { error in
            guard case VerifyError.TooLarge(let limitBytes) = error else {
                return XCTFail("expected VerifyError.TooLarge, got \(error)")
            }
            XCTAssertGreaterThan(limitBytes, 0)
            XCTAssertLessThan(limitBytes, UInt64(size))
        }
    }

    func testInvalidNowOptionThrowsInvalidOptions() throws {
        let url = try Fixtures.exampleCredential()
        XCTAssertThrowsError(try verifyFile(url, now: "yesterday, roughly")) { error in
            guard case VerifyError.InvalidOptions(let reason) = error else {
                return XCTFail("expected VerifyError.InvalidOptions, got \(error)")
            }
            XCTAssertFalse(reason.isEmpty)
        }
    }
}
