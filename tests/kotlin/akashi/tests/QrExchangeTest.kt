package akashi.tests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import uniffi.akashi_core.CheckId
import uniffi.akashi_core.CheckStatus
import uniffi.akashi_core.EcLevel
import uniffi.akashi_core.ImportOutcome
import uniffi.akashi_core.QrMatrix
import uniffi.akashi_core.Report
import uniffi.akashi_core.ScanContent
import uniffi.akashi_core.ScanSource
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.AkashiWallet
import uniffi.akashi_ffi.QrException
import uniffi.akashi_ffi.QrScanner
import uniffi.akashi_ffi.ScanException
import uniffi.akashi_ffi.createRequest
import uniffi.akashi_ffi.decodeQrImage
import uniffi.akashi_ffi.decodeQrLuma
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.presentationQr
import uniffi.akashi_ffi.qrPng
import uniffi.akashi_ffi.qrSvg
import uniffi.akashi_ffi.readRequest
import uniffi.akashi_ffi.renderQr
import uniffi.akashi_ffi.requestQr
import uniffi.akashi_ffi.verifyPresentation
import java.io.File

/**
 * The whole exchange of issue 6 through QR codes, as the two Android phones make it: the
 * employer's request QR read by the learner's camera (a PNG decoded by the core) through a
 * QrScanner; the learner's presentation shown as animated frames, each drawn as a PNG and read
 * back; the employer's QrScanner taking them in reverse order with a repeat and a stray frame of
 * another message; the result verified against the employer's own request.
 */
class QrExchangeTest {
    private fun options() = defaultVerifyOptions().copy(offline = true)
    private fun Report.check(id: CheckId) = checks.first { it.id == id }
    private fun Report.describe() = "summary=$summary " + checks.joinToString(" ") { "${it.id}=${it.status}(${it.code})" }

    /** What a camera reads from a QR code on a screen: drawn as a PNG, decoded. */
    private fun camera(m: QrMatrix): String {
        val texts = decodeQrImage(qrPng(m, 2u))
        assertEquals(1, texts.size)
        return texts[0]
    }

    @Test
    fun wholeExchangeThroughQr(@TempDir dir: File) {
        val wallet = AkashiWallet.open(File(dir, "learner.db").path, WalletTest.FixedKeys(), options(), null)
        wallet.use {
            val badge = (wallet.importBytes(Fixtures.exampleCredential().readBytes()) as ImportOutcome.Added).id

            // 1. The employer's phone shows a request QR; the learner's camera reads it.
            val request = createRequest(PresentationTest.DOMAIN, "ACME Careers", null)
            val code = requestQr(request)
            assertEquals(17u + 4u * code.version.toUInt(), code.width)
            assertEquals((code.width * code.width).toInt(), code.modules.size)
            assertTrue(code.modules.any { it } && !code.modules.all { it })
            assertTrue(qrSvg(code).startsWith("<svg"))
            val read = QrScanner().use { learnerCam ->
                val p = learnerCam.push(camera(code))
                assertEquals(listOf(1u, 1u), listOf(p.received, p.total))
                assertTrue(p.complete && p.new)
                assertEquals(ScanSource.TEXT, p.source)
                assertEquals(ScanContent.REQUEST, p.content)
                readRequest(learnerCam.result()!!)
            }
            assertEquals(request, read)

            // 2. On consent it signs a presentation and shows it as animated QR frames.
            val presentation = wallet.createPresentation(listOf(badge), read, null)
            val shown = presentationQr(presentation.text)
            val n = shown.frames.size
            assertTrue(n > 1, "${presentation.text.length} bytes fit one QR")
            assertTrue(shown.fps > 0u && shown.compressed)
            for (f in shown.frames) assertEquals(f, camera(renderQr(f)))

            // A stray frame of someone else's presentation.
            val stray = presentationQr(wallet.createPresentation(listOf(badge), null, null).text).frames[0]

            // 3. The employer's camera catches the frames in reverse order, the last one twice.
            QrScanner().use { employerCam ->
                val order = (n - 1 downTo 0).toMutableList().also { it.add(1, it[0]) }
                val received = mutableSetOf<Int>()
                order.forEachIndexed { k, i ->
                    val p = employerCam.push(shown.frames[i])
                    assertEquals(i !in received, p.new, "push $k")
                    received.add(i)
                    assertEquals(listOf(received.size.toUInt(), n.toUInt()), listOf(p.received, p.total))
                    assertEquals(ScanSource.FRAMES, p.source)
                    assertEquals(received.size == n, p.complete)
                    assertEquals(if (p.complete) ScanContent.PRESENTATION else null, p.content)
                    if (k == 1) {
                        assertThrows(ScanException.OtherMessage::class.java) { employerCam.push(stray) }
                        assertEquals((1u until n.toUInt()).toList(), employerCam.missing(), "the stray frame cost no progress")
                        assertNull(employerCam.result())
                    }
                }
                val text = employerCam.result()
                assertEquals(presentation.text, text)

                // 4. Verified against the employer's own request (the example badge names its
                // learner by a hashed email: the holder check is unknown, as in PresentationTest).
                val r = verifyPresentation(text!!, request, options())
                assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
                for (id in listOf(CheckId.PROOF, CheckId.ISSUER_KEY, CheckId.VALIDITY, CheckId.CHALLENGE, CheckId.NESTED)) {
                    assertEquals(CheckStatus.VALID, r.check(id).status, r.describe())
                }

                // Once complete, the scanner holds its message until reset.
                assertThrows(ScanException.OtherMessage::class.java) { employerCam.push(stray) }
                assertEquals(text, employerCam.result())
                employerCam.reset()
                assertNull(employerCam.result())
                assertEquals(1u, employerCam.push(stray).received)
            }
        }
    }

    @Test
    fun scannerAndQrErrorsAreTyped() {
        QrScanner().use { s ->
            for (t in listOf("https://example.com/badge", "hello", "")) {
                assertThrows(ScanException.NotRecognized::class.java) { s.push(t) }
            }
            assertThrows(ScanException.Misread::class.java) { s.push("AKF1:garbage") }
            assertThrows(ScanException.Misread::class.java) { s.push("VP1-B189") }
            val e = assertThrows(ScanException.Unreadable::class.java) { s.push("{\"secret\": ") }
            assertFalse(e.message.orEmpty().contains("secret"))
            assertNull(s.result())
        }
        assertThrows(QrException.UnreadableImage::class.java) { decodeQrImage("not an image".toByteArray()) }
        val blank = qrPng(QrMatrix(1u, EcLevel.M, 21u, List(441) { false }), 4u)
        assertThrows(QrException.NotFound::class.java) { decodeQrImage(blank) }
        assertThrows(QrException.BadBuffer::class.java) { decodeQrLuma(10u, 10u, ByteArray(99)) }
        assertThrows(QrException.TooLong::class.java) { renderQr("A".repeat(5000)) }
    }
}
