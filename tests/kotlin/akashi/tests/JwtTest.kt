package akashi.tests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import uniffi.akashi_core.CheckId
import uniffi.akashi_core.CheckStatus
import uniffi.akashi_core.Envelope
import uniffi.akashi_core.Report
import uniffi.akashi_core.Securing
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.VerifyOptions
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.verifyText
import java.io.File
import java.util.Base64

/**
 * Binding tests for VC-JWT text (issue 3): the example VC 2.0 JWT (EdDSA, did:key test issuer,
 * made by `core/examples/sign.rs --jwt`) through verifyText. They need the VC-JWT path of the
 * core (the jwt branch); before it, the core reports every JWT as not verified.
 */
class JwtTest {
    private val b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

    private fun options(): VerifyOptions = defaultVerifyOptions().copy(offline = true)

    private fun exampleJwt(): String = File(Fixtures.repoRoot, "examples/credentials/micro-credential.jwt").readText(Charsets.US_ASCII)

    private fun Report.describe(): String =
        "summary=$summary envelope=$envelope securing=$securing checks=" +
            checks.joinToString("; ") { "${it.id}:${it.status}:${it.code}:${it.reason}:${it.warnings}" }

    private fun Report.check(id: CheckId) = checks.filter { it.id == id }.let {
        assertEquals(1, it.size, "expected exactly one $id check: ${describe()}")
        it.single()
    }

    /**
     * Flips one base64url character of the payload: the lowest bit of the 4th character of a
     * quantum, i.e. bit 0 of one byte inside "Micro-credential" (a letter stays printable ASCII),
     * so the payload is still valid JSON and only the signature can tell.
     */
    private fun tamperPayload(token: String): String {
        val (header, payload, signature) = token.trim().split(".").also { assertEquals(3, it.size) }
        val raw = Base64.getUrlDecoder().decode(payload)
        val at = String(raw, Charsets.ISO_8859_1).indexOf("Micro-credential")
        assertTrue(at >= 0, "the example JWT payload does not contain the credential name")
        val byte = (at until at + 16).first { it % 3 == 2 }
        val i = byte / 3 * 4 + 3
        val flipped = payload.substring(0, i) + b64url[b64url.indexOf(payload[i]) xor 1] + payload.substring(i + 1)
        val expected = raw.copyOf().also { it[byte] = (it[byte].toInt() xor 1).toByte() }
        assertTrue(expected.contentEquals(Base64.getUrlDecoder().decode(flipped)), "the flip did not change exactly one bit")
        return "$header.$flipped.$signature"
    }

    @Test
    fun vcJwtStringVerifies() {
        val r = verifyText(exampleJwt(), options())
        assertEquals(Envelope.COMPACT_JWS, r.envelope, r.describe())
        assertEquals(Securing.VC_JWT, r.securing, r.describe())
        assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.PROOF).status, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.ISSUER_KEY).status, r.describe())
        assertEquals("Data Science Fundamentals (Micro-credential)", r.credential.name)
    }

    @Test
    fun tamperedVcJwtIsNotVerified() {
        val r = verifyText(tamperPayload(exampleJwt()), options())
        assertEquals(Envelope.COMPACT_JWS, r.envelope, r.describe())
        assertEquals(Securing.VC_JWT, r.securing, r.describe())
        assertEquals(Summary.NOT_VERIFIED, r.summary, r.describe())
        assertEquals(CheckStatus.INVALID, r.check(CheckId.PROOF).status, r.describe())
    }
}
