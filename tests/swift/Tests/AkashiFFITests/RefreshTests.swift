import Foundation
import XCTest
@testable import AkashiFFI

/// The issuer's refresh service as the app's HTTP stack (URLSession on a phone) sees it: one
/// answer for every URL (the recording client of HttpClientTests.swift).
func refreshService(_ body: Data = Data(), status: UInt16 = 200) -> FixtureClient {
    FixtureClient { url in
        HttpResponse(status: status, finalUrl: url, body: body, contentType: "application/vc+ld+json", cacheControl: nil)
    }
}

/// Refreshing a credential (AkashiVerifier.refresh) through an HttpClient written in Swift that
/// plays the refresh service: no network. The fixtures in tests/data/refresh were made once by
/// `cargo run -p akashi-core --example make_refresh_fixtures -- tests/data/refresh`: old.json
/// expired on 2025-12-31 and names refreshURL; new.json is its re-issue (same issuer, valid
/// until 2036); other-issuer.json is the same content signed by another key; plain.json names
/// no refresh service.
final class RefreshTests: XCTestCase {
    let refreshURL = "https://registrar.example/refresh/ds-101"
    let now = "2026-06-01T00:00:00Z" // after old.json's validUntil, before new.json's

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Fixtures.repoRoot.appendingPathComponent("tests/data/refresh/\(name)"))
    }

    func verifier(_ client: FixtureClient) throws -> AkashiVerifier {
        var o = defaultVerifyOptions()
        o.nowRfc3339 = now
        return try AkashiVerifier(options: o, http: client)
    }

    func testTheReportOfAnExpiredCredentialSaysAnUpdateIsOffered() throws {
        let client = refreshService()
        let v = try verifier(client)
        let r = try v.verifyBytes(input: try fixture("old.json"))
        XCTAssertEqual(r.summary, .expired)
        XCTAssertEqual(r.credential.refreshUrl, refreshURL)
        XCTAssertNil(try v.verifyBytes(input: try fixture("plain.json")).credential.refreshUrl)
        XCTAssertEqual(client.calls, [], "verifying never fetches the update")
    }

    func testAVerifiedUpdateFromTheSameIssuerIsOffered() throws {
        let new = try fixture("new.json")
        let client = refreshService(new)
        let out = try verifier(client).refresh(input: try fixture("old.json"))
        XCTAssertEqual(out.url, refreshURL)
        XCTAssertEqual(out.report.summary, .verifiedWithWarnings)
        XCTAssertNil(out.refused)
        XCTAssertEqual(out.credential, new)
        XCTAssertEqual(client.calls, [refreshURL])
    }

    func testAnUpdateFromAnotherIssuerIsRefused() throws {
        let client = refreshService(try fixture("other-issuer.json"))
        let out = try verifier(client).refresh(input: try fixture("old.json"))
        XCTAssertNil(out.credential)
        let refused = try XCTUnwrap(out.refused)
        XCTAssertTrue(refused.contains("issuer"), refused)
        let otherIssuer = try XCTUnwrap(out.report.credential.issuerId)
        XCTAssertTrue(otherIssuer.hasPrefix("did:key:"), otherIssuer)
        XCTAssertTrue(refused.contains(otherIssuer), refused)
        let original = try verifier(refreshService()).verifyBytes(input: try fixture("old.json")).credential.issuerId
        XCTAssertNotEqual(original, otherIssuer)
        XCTAssertEqual(client.calls, [refreshURL])
    }

    func testARefreshServiceAnswering404IsARefreshFailureWithoutTheBody() throws {
        let client = refreshService(Data("secret-body-detail: no such credential".utf8), status: 404)
        XCTAssertThrowsError(try verifier(client).refresh(input: try fixture("old.json"))) { error in
            guard case let VerifyError.RefreshFailed(reason) = error else {
                return XCTFail("expected RefreshFailed, got \(error)")
            }
            XCTAssertTrue(reason.contains("404"), reason)
            XCTAssertFalse(String(describing: error).contains("secret-body-detail"))
        }
        XCTAssertEqual(client.calls, [refreshURL])
    }

    func testNoRefreshServiceFetchesNothing() throws {
        let client = refreshService(try fixture("new.json"))
        XCTAssertThrowsError(try verifier(client).refresh(input: try fixture("plain.json"))) { error in
            guard case VerifyError.NoRefreshService = error else {
                return XCTFail("expected NoRefreshService, got \(error)")
            }
        }
        XCTAssertEqual(client.calls, [])
    }

    func testAnOriginalThatDoesNotVerifyFetchesNothing() throws {
        var doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: try fixture("old.json")) as? [String: Any])
        doc["name"] = "Data Structures 101 (with distinction)"
        let tampered = try JSONSerialization.data(withJSONObject: doc)
        let client = refreshService(try fixture("new.json"))
        XCTAssertThrowsError(try verifier(client).refresh(input: tampered)) { error in
            guard case VerifyError.OriginalNotVerified = error else {
                return XCTFail("expected OriginalNotVerified, got \(error)")
            }
        }
        XCTAssertEqual(client.calls, [])
    }

    func testTheFreeFunctionChecksTheOriginalBeforeAnyFetch() throws {
        var offline = defaultVerifyOptions()
        offline.offline = true
        XCTAssertThrowsError(try refreshCredential(input: try fixture("plain.json"), options: offline)) { error in
            guard case VerifyError.NoRefreshService = error else {
                return XCTFail("expected NoRefreshService, got \(error)")
            }
        }
        XCTAssertThrowsError(try refreshCredential(input: Data("not json".utf8), options: offline)) { error in
            guard case VerifyError.NotJson = error else {
                return XCTFail("expected NotJson, got \(error)")
            }
        }
    }
}
