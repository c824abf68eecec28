import Foundation
import XCTest
@testable import AkashiFFI

/// The whole exchange of issue 6 through QR codes, as the two iPhones make it: the employer's
/// request QR read by the learner's camera (a PNG decoded by the core) through a QrScanner; the
/// learner's presentation shown as animated frames, each drawn as a PNG and read back; the
/// employer's QrScanner taking them in reverse order with a repeat and a stray frame of another
/// message; the result verified against the employer's own request.
final class QrExchangeTests: XCTestCase {
    let domain = "careers.acme.example"

    func options() -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = true
        return o
    }

    func describe(_ r: Report) -> String {
        "\(r.summary) " + r.checks.map { "\($0.id)=\($0.status)(\($0.code ?? "-"))" }.joined(separator: " ")
    }

    /// What a camera reads from a QR code on a screen: drawn as a PNG, decoded.
    func camera(_ m: QrMatrix) throws -> String {
        let texts = try decodeQrImage(bytes: try qrPng(matrix: m, scale: 2))
        XCTAssertEqual(texts.count, 1)
        return texts.first ?? ""
    }

    func testWholeExchangeThroughQr() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("akashi-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let wallet = try AkashiWallet.open(path: dir.appendingPathComponent("learner.db").path, keys: FixedKeys(), options: options(), http: nil)
        guard case .added(let badge) = try wallet.importBytes(bytes: try Data(contentsOf: try Fixtures.exampleCredential())) else {
            return XCTFail("example badge not added")
        }

        // 1. The employer's phone shows a request QR; the learner's camera reads it.
        let request = try createRequest(domain: domain, name: "ACME Careers")
        let code = try requestQr(request: request)
        XCTAssertEqual(code.width, 17 + 4 * UInt32(code.version))
        XCTAssertEqual(code.modules.count, Int(code.width * code.width))
        XCTAssertTrue(code.modules.contains(true) && code.modules.contains(false))
        XCTAssertTrue(qrSvg(matrix: code).hasPrefix("<svg"))
        let learnerCam = QrScanner()
        let first = try learnerCam.push(text: try camera(code))
        XCTAssertEqual([first.received, first.total], [1, 1])
        XCTAssertTrue(first.complete && first.new)
        XCTAssertEqual(first.source, .text)
        XCTAssertEqual(first.content, .request)
        let read = try readRequest(text: try XCTUnwrap(learnerCam.result()))
        XCTAssertEqual(read, request)

        // 2. On consent it signs a presentation and shows it as animated QR frames.
        let presentation = try wallet.createPresentation(badgeIds: [badge], request: read, lifetimeSecs: nil)
        let shown = try presentationQr(text: presentation.text)
        let n = shown.frames.count
        XCTAssertGreaterThan(n, 1, "\(presentation.text.utf8.count) bytes fit one QR")
        XCTAssertTrue(shown.fps > 0 && shown.compressed)
        for f in shown.frames {
            XCTAssertEqual(try camera(try renderQr(text: f)), f)
        }

        // A stray frame of someone else's presentation.
        let stray = try presentationQr(text: try wallet.createPresentation(badgeIds: [badge], request: nil, lifetimeSecs: nil).text).frames[0]

        // 3. The employer's camera catches the frames in reverse order, the last one twice.
        let employerCam = QrScanner()
        var order = Array((0..<n).reversed())
        order.insert(order[0], at: 1)
        var received = Set<Int>()
        for (k, i) in order.enumerated() {
            let p = try employerCam.push(text: shown.frames[i])
            XCTAssertEqual(p.new, !received.contains(i), "push \(k)")
            received.insert(i)
            XCTAssertEqual([p.received, p.total], [UInt32(received.count), UInt32(n)])
            XCTAssertEqual(p.source, .frames)
            XCTAssertEqual(p.complete, received.count == n)
            XCTAssertEqual(p.content, p.complete ? .presentation : nil)
            if k == 1 {
                XCTAssertThrowsError(try employerCam.push(text: stray)) { e in
                    guard case ScanError.OtherMessage = e else { return XCTFail("\(e)") }
                }
                XCTAssertEqual(employerCam.missing(), Array(1..<UInt32(n)), "the stray frame cost no progress")
                XCTAssertNil(employerCam.result())
            }
        }
        let text = try XCTUnwrap(employerCam.result())
        XCTAssertEqual(text, presentation.text)

        // 4. Verified against the employer's own request (the example badge names its learner by
        // a hashed email: the holder check is unknown, as in PresentationTests).
        let r = try verifyPresentation(text: text, request: request, options: options())
        XCTAssertEqual(r.summary, .verifiedWithWarnings, describe(r))
        for id in [CheckId.proof, .issuerKey, .validity, .challenge, .nested] {
            XCTAssertEqual(r.checks.first { $0.id == id }?.status, .valid, "\(id): \(describe(r))")
        }

        // Once complete, the scanner holds its message until reset.
        XCTAssertThrowsError(try employerCam.push(text: stray)) { e in
            guard case ScanError.OtherMessage = e else { return XCTFail("\(e)") }
        }
        XCTAssertEqual(employerCam.result(), text)
        employerCam.reset()
        XCTAssertNil(employerCam.result())
        XCTAssertEqual(try employerCam.push(text: stray).received, 1)
    }

    func testScannerAndQrErrorsAreTyped() throws {
        let s = QrScanner()
        for t in ["https://example.com/badge", "hello", ""] {
            XCTAssertThrowsError(try s.push(text: t)) { e in
                guard case ScanError.NotRecognized = e else { return XCTFail("\(e)") }
            }
        }
        XCTAssertThrowsError(try s.push(text: "AKF1:garbage")) { e in
            guard case ScanError.Misread = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try s.push(text: "{\"secret\": ")) { e in
            guard case ScanError.Unreadable = e else { return XCTFail("\(e)") }
            XCTAssertFalse("\(e)".contains("secret"))
        }
        XCTAssertNil(s.result())
        XCTAssertThrowsError(try decodeQrImage(bytes: Data("not an image".utf8))) { e in
            guard case QrError.UnreadableImage = e else { return XCTFail("\(e)") }
        }
        let blank = try qrPng(matrix: QrMatrix(version: 1, ecLevel: .m, width: 21, modules: Array(repeating: false, count: 441)), scale: 4)
        XCTAssertThrowsError(try decodeQrImage(bytes: blank)) { e in
            guard case QrError.NotFound = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try decodeQrLuma(width: 10, height: 10, luma: Data(count: 99))) { e in
            guard case QrError.BadBuffer = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try renderQr(text: String(repeating: "A", count: 5000))) { e in
            guard case QrError.TooLong = e else { return XCTFail("\(e)") }
        }
    }
}
