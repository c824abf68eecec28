package akashi.tests

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import uniffi.akashi_core.Check
import uniffi.akashi_core.CheckId
import uniffi.akashi_core.CheckSource
import uniffi.akashi_core.CheckStatus
import uniffi.akashi_core.HttpResponse
import uniffi.akashi_core.Report
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.AkashiVerifier
import uniffi.akashi_ffi.HttpClient
import uniffi.akashi_ffi.HttpException
import uniffi.akashi_ffi.VerifyException
import uniffi.akashi_ffi.VerifyOptions
import uniffi.akashi_ffi.defaultVerifyOptions
import java.io.File
import java.util.Collections

/**
 * AkashiVerifier (one verifier, one cache) with an HttpClient written in Kotlin, serving the DCC
 * status-list fixture; the core applies its fetch policy around the client and caches the list.
 */
class HttpClientTest {
    companion object {
        const val LIST_URL =
            "https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj"
        const val NOW = "2025-06-01T00:00:00Z" // inside every DCC fixture's validity

        fun listResponse(url: String): HttpResponse = HttpResponse(
            status = 200.toUShort(),
            finalUrl = url,
            body = Fixtures.ob3("dcc-verifier-core/status/e5WK8CbZ1GjycuPombrj.json").readBytes(),
            contentType = "application/vc+ld+json",
            cacheControl = "public, max-age=3600",
        )

        fun serveFixtures(url: String): HttpResponse =
            if (url == LIST_URL) listResponse(url)
            else HttpResponse(404.toUShort(), url, "not found".toByteArray(), "text/plain", null)
    }

    /** The app's HTTP stack as a test double: answers through [respond], records every URL. */
    class FixtureClient(private val respond: (String) -> HttpResponse = ::serveFixtures) : HttpClient {
        val calls: MutableList<String> = Collections.synchronizedList(mutableListOf())
        override fun get(url: String): HttpResponse {
            calls.add(url)
            return respond(url)
        }
    }

    private fun options(cachePath: String? = null, offline: Boolean = false): VerifyOptions =
        defaultVerifyOptions().copy(nowRfc3339 = NOW, offline = offline, cachePath = cachePath)

    private fun text(rel: String) = Fixtures.ob3(rel).readText(Charsets.UTF_8)
    private val revoked get() = text("dcc-verifier-core/v2/v2Revoked.json")

    private fun Report.describe(): String =
        "summary=$summary checks=" + checks.joinToString("; ") { "${it.id}:${it.status}:${it.code}:${it.reason}:${it.source}" }

    private fun Report.status(): Check = checks.single { it.id == CheckId.STATUS }

    @Test
    fun newOptionFieldsHaveDefaults() {
        // Code written before cachePath / cacheTtlSecs / fetchTimeoutMs existed still compiles.
        val o = VerifyOptions(null, true, false, null, null, null, emptyList())
        assertNull(o.cachePath)
        assertNull(o.cacheTtlSecs)
        assertNull(o.fetchTimeoutMs)
    }

    @Test
    fun appClientRevocationThenTheCacheServesTheNextCredential() {
        val client = FixtureClient()
        AkashiVerifier(options(), client).use { v ->
            val r = v.verifyText(revoked)
            assertEquals(Summary.REVOKED, r.summary, r.describe())
            assertEquals(CheckStatus.INVALID, r.status().status, r.describe())
            assertEquals("revoked", r.status().code, r.describe())
            assertEquals(CheckSource.Network(LIST_URL), r.status().source)
            assertEquals(listOf(LIST_URL), client.calls.toList())

            // Same object, another credential on the same list: no second GET, served from the cache.
            val r2 = v.verifyBytes(Fixtures.ob3("dcc-verifier-core/v2/v2WithValidStatus.json").readBytes())
            assertEquals(Summary.VERIFIED_WITH_WARNINGS, r2.summary, r2.describe())
            assertEquals(CheckStatus.VALID, r2.status().status, r2.describe())
            val src = r2.status().source
            assertTrue(src is CheckSource.Cache, "$src")
            src as CheckSource.Cache
            assertEquals(LIST_URL, src.url)
            assertTrue(src.fetchedAt.isNotBlank())
            assertEquals(listOf(LIST_URL), client.calls.toList())
        }
    }

    private fun assertStatusUnknown(respond: (String) -> HttpResponse) {
        // Every response carries the real list (which says "revoked"): only the core's policy keeps it out.
        val client = FixtureClient(respond)
        AkashiVerifier(options(), client).use { v ->
            val r = v.verifyText(revoked)
            assertEquals(CheckStatus.UNKNOWN, r.status().status, r.describe())
            assertEquals("status_list_unavailable", r.status().code, r.describe())
            assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
            assertEquals(listOf(LIST_URL), client.calls.toList())
            assertFalse((r.status().reason ?: "").contains("secret-client-detail"), r.status().reason)
        }
    }

    @Test
    fun redirectToPlainHttpIsRefused() =
        assertStatusUnknown { url -> listResponse(url).copy(finalUrl = url.replaceFirst("https://", "http://")) }

    @Test
    fun webPageIsRefused() = assertStatusUnknown { url -> listResponse(url).copy(contentType = "text/html; charset=utf-8") }

    @Test
    fun notFoundIsUnknown() = assertStatusUnknown { url -> listResponse(url).copy(status = 404.toUShort()) }

    @Test
    fun clientThrowingIsUnknown() = assertStatusUnknown { _ -> throw IllegalStateException("secret-client-detail: reset") }

    @Test
    fun clientTimeoutIsUnknown() = assertStatusUnknown { _ -> throw HttpException.Timeout() }

    @Test
    fun cacheFileServesAnOfflineVerifier(@TempDir dir: File) {
        val db = File(dir, "akashi-cache.sqlite")
        val online = FixtureClient()
        AkashiVerifier(options(cachePath = db.path), online).use { a ->
            val r = a.verifyText(revoked)
            assertEquals(Summary.REVOKED, r.summary, r.describe())
            assertEquals(CheckSource.Network(LIST_URL), r.status().source)
        }
        assertEquals(listOf(LIST_URL), online.calls.toList())
        assertTrue(db.length() > 0)

        val offline = FixtureClient()
        AkashiVerifier(options(cachePath = db.path, offline = true), offline).use { b ->
            val r = b.verifyText(revoked)
            assertEquals(Summary.REVOKED, r.summary, r.describe())
            val src = r.status().source
            assertTrue(src is CheckSource.Cache && src.url == LIST_URL && src.fetchedAt.isNotBlank(), "$src")
        }
        assertEquals(emptyList<String>(), offline.calls.toList())

        // Control: offline with an empty cache file, the status cannot be known.
        AkashiVerifier(options(cachePath = File(dir, "empty.sqlite").path, offline = true), FixtureClient()).use { c ->
            assertEquals(CheckStatus.UNKNOWN, c.verifyText(revoked).status().status)
        }
    }

    @Test
    fun cacheFileThatIsNotADatabaseIsRefusedAndLeftAlone(@TempDir dir: File) {
        val notes = File(dir, "notes.sqlite")
        val content = "These are somebody's notes, not an SQLite database. ".repeat(8).toByteArray()
        notes.writeBytes(content)
        val client = FixtureClient()
        assertThrows(VerifyException.InvalidOptions::class.java) { AkashiVerifier(options(cachePath = notes.path), client) }
        assertArrayEquals(content, notes.readBytes())
        assertEquals(emptyList<String>(), client.calls.toList())
    }
}
