package akashi.tests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import uniffi.akashi_core.CheckId
import uniffi.akashi_core.CheckStatus
import uniffi.akashi_core.Envelope
import uniffi.akashi_core.Report
import uniffi.akashi_core.Securing
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.VerifyException
import uniffi.akashi_ffi.VerifyOptions
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.verifyBytes
import uniffi.akashi_ffi.verifyText
import uniffi.akashi_ffi.verifyUrl

/** Binding tests for the new inputs (issue 3): baked images as bytes, and URLs over a loopback HTTP server. */
class InputsTest {
    private fun options(offline: Boolean = true, allowHttpLoopback: Boolean = false): VerifyOptions =
        defaultVerifyOptions().copy(offline = offline, allowHttpLoopback = allowHttpLoopback)

    private fun Report.describe(): String =
        "summary=$summary envelope=$envelope securing=$securing checks=" +
            checks.joinToString("; ") { "${it.id}:${it.status}:${it.code}:${it.reason}:${it.warnings}" }

    private fun Report.check(id: CheckId) = checks.filter { it.id == id }.let {
        assertEquals(1, it.size, "expected exactly one $id check: ${describe()}")
        it.single()
    }

    // ---- baked images ----------------------------------------------------------------------

    private fun assertTeamworkBadge(r: Report, envelope: Envelope) {
        assertEquals(envelope, r.envelope, r.describe())
        assertEquals(Securing.EMBEDDED_PROOF, r.securing, r.describe())
        assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.PROOF).status, r.describe())
        assertEquals("Teamwork Badge", r.credential.name)
    }

    @Test
    fun bakedPngBytesVerify() {
        assertTeamworkBadge(verifyBytes(Fixtures.ob3("1edtech-validator/simple-json.png").readBytes(), options()), Envelope.PNG)
    }

    @Test
    fun bakedSvgBytesVerify() {
        assertTeamworkBadge(verifyBytes(Fixtures.ob3("1edtech-validator/simple-json.svg").readBytes(), options()), Envelope.SVG)
    }

    @Test
    fun unbakedPngThrowsNoBadgeInImage() {
        val bytes = Fixtures.shared("other/baking/mozilla-openbadges-bakery/unbaked.png").readBytes()
        assertEquals(0x89.toByte(), bytes[0], "not a PNG")
        assertThrows(VerifyException.NoBadgeInImage::class.java) { verifyBytes(bytes, options()) }
    }

    // ---- URLs over plain HTTP on 127.0.0.1 (allowed only with allowHttpLoopback) ----------

    private fun server() = LoopbackServer(mapOf("/micro-credential.json" to Fixtures.exampleCredential()))

    private fun assertExampleFromUrl(r: Report) {
        assertEquals(Envelope.URL, r.envelope, r.describe())
        assertEquals(Securing.EMBEDDED_PROOF, r.securing, r.describe())
        assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.PROOF).status, r.describe())
        assertEquals("Data Science Fundamentals (Micro-credential)", r.credential.name)
    }

    @Test
    fun urlOverLoopbackHttpVerifies() = server().use { s ->
        assertExampleFromUrl(verifyUrl(s.url("/micro-credential.json"), options(offline = false, allowHttpLoopback = true)))
        assertEquals(listOf("/micro-credential.json"), s.gets.toList())
    }

    @Test
    fun urlTextRoutesToUrlPath() = server().use { s ->
        assertExampleFromUrl(verifyText(s.url("/micro-credential.json"), options(offline = false, allowHttpLoopback = true)))
        assertEquals(listOf("/micro-credential.json"), s.gets.toList())
    }

    @Test
    fun urlWithoutLoopbackPermissionIsNotFetchedOverPlainHttp() = server().use { s ->
        // The core never fetches plain HTTP unless allowed: it upgrades http:// to https:// on the
        // same host and port, so the TLS handshake with this plain-HTTP server fails and the
        // error is FetchFailed without a status (not UrlNotFetchable).
        val e = assertThrows(VerifyException.FetchFailed::class.java) {
            verifyUrl(s.url("/micro-credential.json"), options(offline = false, allowHttpLoopback = false))
        }
        assertNull(e.httpStatus)
        assertEquals(emptyList<String>(), s.gets.toList(), "the document was fetched over plain HTTP")
    }

    @Test
    fun urlOfflineThrowsUrlNotFetchable() = server().use { s ->
        val e = assertThrows(VerifyException.UrlNotFetchable::class.java) {
            verifyUrl(s.url("/micro-credential.json"), options(offline = true, allowHttpLoopback = true))
        }
        assertTrue(e.reason.isNotEmpty())
        assertEquals(emptyList<String>(), s.gets.toList())
    }

    @Test
    fun url404ThrowsFetchFailedWithStatus() = server().use { s ->
        val e = assertThrows(VerifyException.FetchFailed::class.java) {
            verifyUrl(s.url("/missing.json"), options(offline = false, allowHttpLoopback = true))
        }
        assertEquals(404.toUShort(), e.httpStatus)
        assertEquals(listOf("/missing.json"), s.gets.toList())
    }
}
