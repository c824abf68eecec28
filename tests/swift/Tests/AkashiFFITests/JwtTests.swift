import Foundation
import XCTest
@testable import AkashiFFI

/// Binding tests for VC-JWT text (issue 3): the example VC 2.0 JWT (EdDSA, did:key test issuer,
/// made by `core/examples/sign.rs --jwt`) through verifyText. They need the VC-JWT path of the
/// core (the jwt branch); before it, the core reports every JWT as not verified.
final class JwtTests: XCTestCase {
    static let b64url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    func options() -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = true
        return o
    }

    func exampleJwt() throws -> String {
        try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("examples/credentials/micro-credential.jwt"), encoding: .ascii)
    }

    func b64urlDecode(_ s: Substring) -> Data? {
        var b64 = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.count % 4) % 4)
        return Data(base64Encoded: b64)
    }

    /// Flips one base64url character of the payload: the lowest bit of the 4th character of a
    /// quantum, i.e. bit 0 of one byte inside "Micro-credential" (a letter stays printable ASCII),
    /// so the payload is still valid JSON and only the signature can tell.
    func tamperPayload(_ token: String) throws -> String {
        let parts = token.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".", omittingEmptySubsequences: false)
        XCTAssertEqual(parts.count, 3)
        let raw = try XCTUnwrap(b64urlDecode(parts[1]))
        let found = try XCTUnwrap(raw.range(of: Data("Micro-credential".utf8)), "the example JWT payload does not contain the credential name")
        let at = found.lowerBound - raw.startIndex
        let byte = try XCTUnwrap((at..<(at + 16)).first { $0 % 3 == 2 })
        let i = byte / 3 * 4 + 3
        var payload = Array(parts[1])
        let index = try XCTUnwrap(Self.b64url.firstIndex(of: payload[i]))
        payload[i] = Self.b64url[index ^ 1]
        let flipped = String(payload)
        var expected = Array(raw)
        expected[byte] ^= 1
        XCTAssertEqual(b64urlDecode(Substring(flipped)).map(Array.init), expected, "the flip did not change exactly one bit")
        return "\(parts[0]).\(flipped).\(parts[2])"
    }

    func testVcJwtStringVerifies() throws {
        let r = try verifyText(input: try exampleJwt(), options: options())
        XCTAssertEqual(r.envelope, .compactJws, summarize(r))
        XCTAssertEqual(r.securing, .vcJwt, summarize(r))
        XCTAssertEqual(r.summary, .verifiedWithWarnings, summarize(r))
        XCTAssertEqual(onlyCheck(r, .proof)?.status, .valid, summarize(r))
        XCTAssertEqual(onlyCheck(r, .issuerKey)?.status, .valid, summarize(r))
        XCTAssertEqual(r.credential.name, "Data Science Fundamentals (Micro-credential)")
    }

    func testTamperedVcJwtIsNotVerified() throws {
        let r = try verifyText(input: try tamperPayload(try exampleJwt()), options: options())
        XCTAssertEqual(r.envelope, .compactJws, summarize(r))
        XCTAssertEqual(r.securing, .vcJwt, summarize(r))
        XCTAssertEqual(r.summary, .notVerified, summarize(r))
        XCTAssertEqual(onlyCheck(r, .proof)?.status, .invalid, summarize(r))
    }
}
