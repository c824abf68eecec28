import Foundation
import XCTest
@testable import AkashiFFI

/// The DCC status list, served for the URL the DCC credentials name.
let listURL = "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"

func listResponse(_ url: String) throws -> HttpResponse {
    HttpResponse(
        status: 200,
        finalUrl: url,
        body: try Data(contentsOf: try Fixtures.ob3("dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json")),
        contentType: "application/vc+ld+json",
        cacheControl: "public, max-age=3600"
    )
}

func serveFixtures(_ url: String) throws -> HttpResponse {
    if url == listURL { return try listResponse(url) }
    return HttpResponse(status: 404, finalUrl: url, body: Data("not found".utf8), contentType: "text/plain", cacheControl: nil)
}

/// The app's HTTP stack (URLSession on a phone) as a test double: answers through `respond`,
/// records every URL it is asked for.
final class FixtureClient: HttpClient, @unchecked Sendable {
    private let respond: (String) throws -> HttpResponse
    private let lock = NSLock()
    private var urls: [String] = []

    init(_ respond: @escaping (String) throws -> HttpResponse = serveFixtures) {
        self.respond = respond
    }

    var calls: [String] {
        lock.lock()
        defer { lock.unlock() }
        return urls
    }

    func get(url: String) throws -> HttpResponse {
        lock.lock()
        urls.append(url)
        lock.unlock()
        return try respond(url)
    }
}

struct SecretClientFailure: Error, CustomStringConvertible {
    var description: String { "secret-client-detail: connection reset" }
}

/// AkashiVerifier (one verifier, one cache) with an HttpClient written in Swift; the core
/// applies its fetch policy around the client and caches the list.
final class HttpClientTests: XCTestCase {
    let now = "2025-06-01T00:00:00Z" // inside every DCC fixture's validity

    func options(cachePath: String? = nil, offline: Bool = false) -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.nowRfc3339 = now
        o.offline = offline
        o.cachePath = cachePath
        return o
    }

    func revoked() throws -> String {
        try String(contentsOf: try Fixtures.ob3("dcc-verifier-core/v2/v2Revoked.json"), encoding: .utf8)
    }

    func describe(_ r: Report) -> String {
        "summary=\(r.summary) checks=" + r.checks.map {
            "\($0.id):\($0.status):\($0.code ?? "-"):\($0.reason ?? "-"):\($0.source)"
        }.joined(separator: "; ")
    }

    func status(_ r: Report) -> Check? {
        let found = r.checks.filter { $0.id == .status }
        XCTAssertEqual(found.count, 1, describe(r))
        return found.first
    }

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("akashi-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func testNewOptionFieldsHaveDefaults() {
        // Code written before cachePath / cacheTtlSecs / fetchTimeoutMs existed still compiles.
        let o = VerifyOptions(nowRfc3339: nil, offline: true, allowHttpLoopback: false, extraCaPem: nil,
                              challenge: nil, domain: nil, recipients: [])
        XCTAssertNil(o.cachePath)
        XCTAssertNil(o.cacheTtlSecs)
        XCTAssertNil(o.fetchTimeoutMs)
    }

    func testAppClientRevocationThenTheCacheServesTheNextCredential() throws {
        let client = FixtureClient()
        let v = try AkashiVerifier(options: options(), http: client)

        let r = try v.verifyText(input: try revoked())
        XCTAssertEqual(r.summary, .revoked, describe(r))
        XCTAssertEqual(status(r)?.status, .invalid, describe(r))
        XCTAssertEqual(status(r)?.code, "revoked", describe(r))
        XCTAssertEqual(status(r)?.source, .network(url: listURL))
        XCTAssertEqual(client.calls, [listURL])

        // Same object, another credential on the same list: no second GET, served from the cache.
        let r2 = try v.verifyBytes(input: try Data(contentsOf: try Fixtures.ob3("dcc-verifier-core/v2/v2WithValidStatus.json")))
        XCTAssertEqual(r2.summary, .verifiedWithWarnings, describe(r2))
        XCTAssertEqual(status(r2)?.status, .valid, describe(r2))
        guard case let .cache(url, fetchedAt)? = status(r2)?.source else {
            return XCTFail("expected a cache source: \(describe(r2))")
        }
        XCTAssertEqual(url, listURL)
        XCTAssertFalse(fetchedAt.isEmpty)
        XCTAssertEqual(client.calls, [listURL])
    }

    /// Every response carries the real list (which says "revoked"): only the core's policy keeps it out.
    func assertStatusUnknown(_ respond: @escaping (String) throws -> HttpResponse, file: StaticString = #filePath, line: UInt = #line) throws {
        let client = FixtureClient(respond)
        let r = try AkashiVerifier(options: options(), http: client).verifyText(input: try revoked())
        XCTAssertEqual(status(r)?.status, .unknown, describe(r), file: file, line: line)
        XCTAssertEqual(status(r)?.code, "status_list_unavailable", describe(r), file: file, line: line)
        XCTAssertEqual(r.summary, .verifiedWithWarnings, describe(r), file: file, line: line)
        XCTAssertEqual(client.calls, [listURL], file: file, line: line)
        XCTAssertFalse((status(r)?.reason ?? "").contains("secret-client-detail"), file: file, line: line)
    }

    func testRedirectToPlainHttpIsRefused() throws {
        try assertStatusUnknown { url in
            var r = try listResponse(url)
            r.finalUrl = url.replacingOccurrences(of: "https://", with: "http://")
            return r
        }
    }

    func testWebPageIsRefused() throws {
        try assertStatusUnknown { url in
            var r = try listResponse(url)
            r.contentType = "text/html; charset=utf-8"
            return r
        }
    }

    func testNotFoundIsUnknown() throws {
        try assertStatusUnknown { url in
            var r = try listResponse(url)
            r.status = 404
            return r
        }
    }

    func testClientThrowingIsUnknown() throws {
        try assertStatusUnknown { _ in throw SecretClientFailure() }
    }

    func testClientTimeoutIsUnknown() throws {
        try assertStatusUnknown { _ in throw HttpError.Timeout }
    }

    func testCacheFileServesAnOfflineVerifier() throws {
        let dir = try tempDir()
        let db = dir.appendingPathComponent("akashi-cache.sqlite").path
        let online = FixtureClient()
        do {
            let a = try AkashiVerifier(options: options(cachePath: db), http: online)
            let r = try a.verifyText(input: try revoked())
            XCTAssertEqual(r.summary, .revoked, describe(r))
            XCTAssertEqual(status(r)?.source, .network(url: listURL))
        }
        XCTAssertEqual(online.calls, [listURL])

        let offline = FixtureClient()
        let b = try AkashiVerifier(options: options(cachePath: db, offline: true), http: offline)
        let r = try b.verifyText(input: try revoked())
        XCTAssertEqual(r.summary, .revoked, describe(r))
        guard case let .cache(url, fetchedAt)? = status(r)?.source else {
            return XCTFail("expected a cache source: \(describe(r))")
        }
        XCTAssertEqual(url, listURL)
        XCTAssertFalse(fetchedAt.isEmpty)
        XCTAssertEqual(offline.calls, [])

        // Control: offline with an empty cache file, the status cannot be known.
        let c = try AkashiVerifier(options: options(cachePath: dir.appendingPathComponent("empty.sqlite").path, offline: true), http: FixtureClient())
        XCTAssertEqual(status(try c.verifyText(input: try revoked()))?.status, .unknown)
    }

    func testCacheFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let notes = try tempDir().appendingPathComponent("notes.sqlite")
        let content = Data(String(repeating: "These are somebody's notes, not an SQLite database. ", count: 8).utf8)
        try content.write(to: notes)
        let client = FixtureClient()
        XCTAssertThrowsError(try AkashiVerifier(options: options(cachePath: notes.path), http: client)) { error in
            guard case VerifyError.InvalidOptions = error else {
                return XCTFail("expected InvalidOptions, got \(error)")
            }
        }
        XCTAssertEqual(try Data(contentsOf: notes), content)
        XCTAssertEqual(client.calls, [])
    }
}
