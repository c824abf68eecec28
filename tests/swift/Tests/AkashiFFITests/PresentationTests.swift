import Foundation
import XCTest
@testable import AkashiFFI

/// The whole phone-to-phone exchange of issue 6 through the FFI, as the iOS app makes it: the
/// employer's app creates a request (its text is what the request QR carries), the learner's app
/// reads it (who is asking) and signs a presentation of a wallet badge with the holder key, the
/// employer's app verifies it against its own request. Then a replay against another request, a
/// one-way presentation, typed errors, and the holder key moving with a backup.
final class PresentationTests: XCTestCase {
    let domain = "careers.acme.example"

    func options() -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = true
        return o
    }

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("akashi-present-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func learner(_ dir: URL) throws -> (AkashiWallet, Int64) {
        let wallet = try AkashiWallet.open(path: dir.appendingPathComponent("learner.db").path, keys: FixedKeys(), options: options(), http: nil)
        guard case .added(let id) = try wallet.importBytes(bytes: try Data(contentsOf: try Fixtures.exampleCredential())) else {
            throw SecretKeyStoreFailure()
        }
        return (wallet, id)
    }

    func check(_ r: Report, _ id: CheckId) -> Check? {
        r.checks.first { $0.id == id }
    }

    func describe(_ r: Report) -> String {
        "\(r.summary) " + r.checks.map { "\($0.id)=\($0.status)(\($0.code ?? "-"))" }.joined(separator: " ")
    }

    func testWholeExchange() throws {
        let (wallet, badge) = try learner(try tempDir())

        // 1. The employer's phone shows a request QR.
        let request = try createRequest(domain: domain, name: "ACME Careers")
        XCTAssertGreaterThanOrEqual(request.challenge.count, 22, "at least 128 bits")
        let text = requestText(request: request)

        // 2. The learner's phone scans it and shows who is asking.
        let read = try readRequest(text: text)
        XCTAssertEqual(read.name, "ACME Careers")
        XCTAssertEqual(read.domain, domain)
        XCTAssertFalse(requestExpired(request: read))

        // 3. On consent it signs a presentation (its text goes into the QR frames).
        let holder = try wallet.holderDid()
        XCTAssertTrue(holder.hasPrefix("did:key:z6Mk"), holder)
        let p = try wallet.createPresentation(badgeIds: [badge], request: read, lifetimeSecs: nil)
        XCTAssertEqual(p.holder, holder)
        XCTAssertEqual(p.challenge, request.challenge)
        XCTAssertEqual(p.domain, domain)
        XCTAssertEqual(p.credentials, 1)

        // 4. The employer's phone verifies it against its own request.
        let r = try verifyPresentation(text: p.text, request: request, options: options())
        // The example badge names its learner by a hashed email: the holder check cannot match.
        XCTAssertEqual(r.summary, .verifiedWithWarnings, describe(r))
        for id in [CheckId.proof, .issuerKey, .validity, .challenge, .nested] {
            XCTAssertEqual(check(r, id)?.status, .valid, "\(id): \(describe(r))")
        }
        XCTAssertEqual(check(r, .holder)?.code, "subject_not_identified")
        let verifier = try AkashiVerifier(options: options(), http: nil)
        XCTAssertEqual(try verifier.verifyPresentation(text: p.text, request: request).summary, .verifiedWithWarnings)

        // Replayed to the same employer's next request: not verified.
        let next = try createRequest(domain: domain, name: "ACME Careers")
        let replay = try verifyPresentation(text: p.text, request: next, options: options())
        XCTAssertEqual(replay.summary, .notVerified)
        XCTAssertEqual(check(replay, .challenge)?.code, "challenge_mismatch")

        let shown = try wallet.log().filter { $0.action == .present }
        XCTAssertEqual(shown.map { $0.badgeId }, [badge])
        XCTAssertEqual(shown.map { $0.toWhom }, ["ACME Careers (\(domain))"])
    }

    func testOneWayPresentation() throws {
        let (wallet, badge) = try learner(try tempDir())
        let p = try wallet.createPresentation(badgeIds: [badge], request: nil, lifetimeSecs: 120)
        XCTAssertNil(p.challenge)
        let r = try verifyPresentation(text: p.text, request: nil, options: options())
        XCTAssertEqual(r.summary, .verifiedWithWarnings, describe(r))
        XCTAssertEqual(check(r, .challenge)?.status, .notApplicable)
        XCTAssertEqual(check(r, .challenge)?.code, "not_bound")
        var late = options()
        late.nowRfc3339 = "2099-01-01T00:00:00Z"
        XCTAssertEqual(check(try verifyPresentation(text: p.text, request: nil, options: late), .validity)?.code, "expired")
    }

    func testTypedErrorsAndBackup() throws {
        let dir = try tempDir()
        let (wallet, badge) = try learner(dir)
        XCTAssertThrowsError(try readRequest(text: "not a request")) { e in
            guard case PresentationError.NotARequest = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try createRequest(domain: "has space", name: "ACME")) { e in
            guard case PresentationError.InvalidField = e else { return XCTFail("\(e)") }
        }
        let expired = PresentationRequest(challenge: String(repeating: "A", count: 22), domain: domain, name: "ACME",
                                          expires: "2020-01-01T00:00:00Z")
        XCTAssertThrowsError(try wallet.createPresentation(badgeIds: [badge], request: expired, lifetimeSecs: nil)) { e in
            guard case WalletError.RequestExpired = e else { return XCTFail("\(e)") }
        }
        XCTAssertTrue(try wallet.log().allSatisfy { $0.action != .present })

        let holder = try wallet.holderDid()
        let backup = try wallet.backup(passphrase: "correct horse battery")
        let newPhone = try AkashiWallet.open(path: dir.appendingPathComponent("new.db").path, keys: FixedKeys(otherFixedWalletKey),
                                             options: options(), http: nil)
        XCTAssertEqual(try newPhone.restore(file: backup, passphrase: "correct horse battery").holderKeysAdded, 1)
        XCTAssertEqual(try newPhone.holderDid(), holder)
    }
}
