import Foundation
import XCTest
@testable import AkashiFFI

/// One line per check, for assertion messages.
func summarize(_ r: Report) -> String {
    "summary=\(r.summary) envelope=\(r.envelope) securing=\(r.securing) checks=" + r.checks.map {
        "\($0.id):\($0.status):\($0.code ?? "-"):\($0.reason ?? "-"):\($0.warnings)"
    }.joined(separator: "; ")
}

/// The single check with `id` (fails the test when there is not exactly one).
func onlyCheck(_ r: Report, _ id: CheckId, file: StaticString = #filePath, line: UInt = #line) -> Check? {
    let found = r.checks.filter { $0.id == id }
    XCTAssertEqual(found.count, 1, "expected exactly one \(id) check: \(summarize(r))", file: file, line: line)
    return found.first
}

/// Binding tests for baked images given as bytes (issue 3).
final class BakedImageTests: XCTestCase {
    /// Default options, offline.
    func options() -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = true
        return o
    }

    func assertTeamworkBadge(_ r: Report, _ envelope: Envelope, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.envelope, envelope, summarize(r), file: file, line: line)
        XCTAssertEqual(r.securing, .embeddedProof, summarize(r), file: file, line: line)
        XCTAssertEqual(r.summary, .verifiedWithWarnings, summarize(r), file: file, line: line)
        XCTAssertEqual(onlyCheck(r, .proof)?.status, .valid, summarize(r), file: file, line: line)
        XCTAssertEqual(r.credential.name, "Teamwork Badge", file: file, line: line)
    }

    func testBakedPngBytesVerify() throws {
        let data = try Data(contentsOf: try Fixtures.ob3("1edtech-validator/simple-json.png"))
        assertTeamworkBadge(try verifyBytes(input: data, options: options()), .png)
    }

    func testBakedSvgBytesVerify() throws {
        let data = try Data(contentsOf: try Fixtures.ob3("1edtech-validator/simple-json.svg"))
        assertTeamworkBadge(try verifyBytes(input: data, options: options()), .svg)
    }

    func testUnbakedPngThrowsNoBadgeInImage() throws {
        let data = try Data(contentsOf: try Fixtures.shared("other/baking/mozilla-openbadges-bakery/unbaked.png"))
        XCTAssertEqual(data.first, 0x89, "not a PNG")
        XCTAssertThrowsError(try verifyBytes(input: data, options: options())) { error in
            guard case VerifyError.NoBadgeInImage = error else {
                return XCTFail("expected VerifyError.NoBadgeInImage, got \(error)")
            }
        }
    }

}

/// Binding tests for URL input (issue 3): plain HTTP on 127.0.0.1 (allowed only with
/// allowHttpLoopback), served by a `LoopbackServer` started for each test.
final class UrlInputTests: XCTestCase {
    func options(offline: Bool, allowHttpLoopback: Bool) -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = offline
        o.allowHttpLoopback = allowHttpLoopback
        return o
    }

    var server: LoopbackServer!

    override func setUpWithError() throws {
        server = try LoopbackServer(files: ["/micro-credential.json": try Fixtures.exampleCredential()])
    }

    override func tearDown() {
        XCTAssertTrue(server?.stop() ?? true, "loopback server did not stop")
        server = nil
    }

    func assertExampleFromUrl(_ r: Report, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.envelope, .url, summarize(r), file: file, line: line)
        XCTAssertEqual(r.securing, .embeddedProof, summarize(r), file: file, line: line)
        XCTAssertEqual(r.summary, .verifiedWithWarnings, summarize(r), file: file, line: line)
        XCTAssertEqual(onlyCheck(r, .proof)?.status, .valid, summarize(r), file: file, line: line)
        XCTAssertEqual(r.credential.name, "Data Science Fundamentals (Micro-credential)", file: file, line: line)
    }

    func testUrlOverLoopbackHttpVerifies() throws {
        let r = try verifyUrl(url: server.url("/micro-credential.json"), options: options(offline: false, allowHttpLoopback: true))
        assertExampleFromUrl(r)
        XCTAssertEqual(server.gets, ["/micro-credential.json"])
    }

    func testUrlTextRoutesToUrlPath() throws {
        let r = try verifyText(input: server.url("/micro-credential.json"), options: options(offline: false, allowHttpLoopback: true))
        assertExampleFromUrl(r)
        XCTAssertEqual(server.gets, ["/micro-credential.json"])
    }

    func testUrlWithoutLoopbackPermissionIsNotFetchedOverPlainHttp() {
        // The core never fetches plain HTTP unless allowed: it upgrades http:// to https:// on the
        // same host and port, so the TLS handshake with this plain-HTTP server fails and the
        // error is FetchFailed without a status (not UrlNotFetchable).
        XCTAssertThrowsError(try verifyUrl(url: server.url("/micro-credential.json"), options: options(offline: false, allowHttpLoopback: false))) { error in
            guard case VerifyError.FetchFailed(let status) = error else {
                return XCTFail("expected VerifyError.FetchFailed, got \(error)")
            }
            XCTAssertNil(status)
        }
        XCTAssertEqual(server.gets, [], "the document was fetched over plain HTTP")
    }

    func testUrlOfflineThrowsUrlNotFetchable() {
        XCTAssertThrowsError(try verifyUrl(url: server.url("/micro-credential.json"), options: options(offline: true, allowHttpLoopback: true))) { error in
            guard case VerifyError.UrlNotFetchable(let reason) = error else {
                return XCTFail("expected VerifyError.UrlNotFetchable, got \(error)")
            }
            XCTAssertFalse(reason.isEmpty)
        }
        XCTAssertEqual(server.gets, [])
    }

    func testUrl404ThrowsFetchFailedWithStatus() {
        XCTAssertThrowsError(try verifyUrl(url: server.url("/missing.json"), options: options(offline: false, allowHttpLoopback: true))) { error in
            guard case VerifyError.FetchFailed(let status) = error else {
                return XCTFail("expected VerifyError.FetchFailed, got \(error)")
            }
            XCTAssertEqual(status, 404)
        }
        XCTAssertEqual(server.gets, ["/missing.json"])
    }
}
