package akashi.tests

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import uniffi.akashi_core.HttpResponse
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.AkashiVerifier
import uniffi.akashi_ffi.HttpClient
import uniffi.akashi_ffi.RefreshOutcome
import uniffi.akashi_ffi.VerifyException
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.refreshCredential
import java.io.File
import java.util.Collections

/**
 * Refreshing a credential (AkashiVerifier.refresh) through an HttpClient written in Kotlin that
 * plays the issuer's refresh service: no network. The fixtures in tests/data/refresh were made
 * once by `cargo run -p akashi-core --example make_refresh_fixtures -- tests/data/refresh`:
 * old.json expired on 2025-12-31 and names REFRESH_URL; new.json is its re-issue (same issuer,
 * valid until 2036); other-issuer.json is the same content signed by another key; plain.json
 * names no refresh service.
 */
class RefreshTest {
    companion object {
        const val REFRESH_URL = "https://registrar.example/refresh/ds-101"
        const val NOW = "2026-06-01T00:00:00Z" // after old.json's validUntil, before new.json's

        fun fixture(name: String): ByteArray = File(Fixtures.repoRoot, "tests/data/refresh/$name").readBytes()
    }

    /** The refresh service as the app's HTTP stack sees it: one answer, every URL recorded. */
    class RefreshService(private val body: ByteArray = ByteArray(0), private val status: Int = 200) : HttpClient {
        val calls: MutableList<String> = Collections.synchronizedList(mutableListOf())
        override fun get(url: String): HttpResponse {
            calls.add(url)
            return HttpResponse(status.toUShort(), url, body, "application/vc+ld+json", null)
        }
    }

    private fun verifier(client: RefreshService) = AkashiVerifier(defaultVerifyOptions().copy(nowRfc3339 = NOW), client)

    private fun refresh(client: RefreshService, input: ByteArray): RefreshOutcome = verifier(client).use { it.refresh(input) }

    @Test
    fun theReportOfAnExpiredCredentialSaysAnUpdateIsOffered() {
        val client = RefreshService()
        verifier(client).use { v ->
            val r = v.verifyBytes(fixture("old.json"))
            assertEquals(Summary.EXPIRED, r.summary)
            assertEquals(REFRESH_URL, r.credential.refreshUrl)
            assertNull(v.verifyBytes(fixture("plain.json")).credential.refreshUrl)
        }
        assertEquals(emptyList<String>(), client.calls.toList(), "verifying never fetches the update")
    }

    @Test
    fun aVerifiedUpdateFromTheSameIssuerIsOffered() {
        val new = fixture("new.json")
        val client = RefreshService(new)
        val out = refresh(client, fixture("old.json"))
        assertEquals(REFRESH_URL, out.url)
        assertEquals(Summary.VERIFIED_WITH_WARNINGS, out.report.summary)
        assertNull(out.refused)
        assertNotNull(out.credential)
        assertArrayEquals(new, out.credential)
        assertEquals(listOf(REFRESH_URL), client.calls.toList())
    }

    @Test
    fun anUpdateFromAnotherIssuerIsRefused() {
        val client = RefreshService(fixture("other-issuer.json"))
        val out = refresh(client, fixture("old.json"))
        assertNull(out.credential)
        val refused = out.refused ?: error("expected a refusal")
        assertTrue(refused.contains("issuer"), refused)
        val otherIssuer = out.report.credential.issuerId ?: error("the new version names its issuer")
        assertTrue(otherIssuer.startsWith("did:key:"), otherIssuer)
        assertTrue(refused.contains(otherIssuer), refused)
        val original = AkashiVerifier(defaultVerifyOptions().copy(nowRfc3339 = NOW), RefreshService()).use {
            it.verifyBytes(fixture("old.json")).credential.issuerId
        }
        assertNotEquals(original, otherIssuer)
        assertEquals(listOf(REFRESH_URL), client.calls.toList())
    }

    @Test
    fun aRefreshServiceAnswering404IsARefreshFailureWithoutTheBody() {
        val client = RefreshService("secret-body-detail: no such credential".toByteArray(), status = 404)
        val e = assertThrows(VerifyException.RefreshFailed::class.java) { refresh(client, fixture("old.json")) }
        assertTrue(e.reason.contains("404"), e.reason)
        assertFalse((e.message ?: "").contains("secret-body-detail"), e.message)
        assertEquals(listOf(REFRESH_URL), client.calls.toList())
    }

    @Test
    fun noRefreshServiceFetchesNothing() {
        val client = RefreshService(fixture("new.json"))
        assertThrows(VerifyException.NoRefreshService::class.java) { refresh(client, fixture("plain.json")) }
        assertEquals(emptyList<String>(), client.calls.toList())
    }

    @Test
    fun anOriginalThatDoesNotVerifyFetchesNothing() {
        val text = fixture("old.json").toString(Charsets.UTF_8)
        val name = "\"name\": \"Data Structures 101\""
        val at = text.lastIndexOf(name) // the credential's own name (keys are sorted: after issuer)
        assertTrue(at > 0)
        val tampered = text.replaceRange(at, at + name.length, "\"name\": \"Data Structures 101 (with distinction)\"")
        val client = RefreshService(fixture("new.json"))
        assertThrows(VerifyException.OriginalNotVerified::class.java) { refresh(client, tampered.toByteArray()) }
        assertEquals(emptyList<String>(), client.calls.toList())
    }

    @Test
    fun theFreeFunctionChecksTheOriginalBeforeAnyFetch() {
        val offline = defaultVerifyOptions().copy(offline = true)
        assertThrows(VerifyException.NoRefreshService::class.java) { refreshCredential(fixture("plain.json"), offline) }
        assertThrows(VerifyException.NotJson::class.java) { refreshCredential("not json".toByteArray(), offline) }
    }
}
