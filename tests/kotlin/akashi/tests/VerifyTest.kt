package akashi.tests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
// The report types are exported by akashi-core (its own UniFFI namespace), the functions,
// options and errors by the akashi-ffi façade.
import uniffi.akashi_core.CheckId
import uniffi.akashi_core.CheckStatus
import uniffi.akashi_core.Report
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.VerifyException
import uniffi.akashi_ffi.VerifyOptions
import uniffi.akashi_ffi.coreVersion
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.verifyBytes
import uniffi.akashi_ffi.verifyJson
import java.io.File

/** Binding tests: the Kotlin/JVM side of akashi_ffi (UniFFI + JNA) against real Open Badges 3.0 fixtures. */
class VerifyTest {
    private val ok = setOf(Summary.VERIFIED, Summary.VERIFIED_WITH_WARNINGS)

    /** Default options, offline (CI reaches no issuer hosts). */
    private fun options(now: String? = null): VerifyOptions =
        defaultVerifyOptions().copy(offline = true, nowRfc3339 = now)

    private fun verifyFile(f: File, now: String? = null): Report = verifyJson(f.readText(Charsets.UTF_8), options(now))

    private fun Report.describe(): String =
        "summary=$summary checks=" + checks.joinToString("; ") { "${it.id}:${it.status}:${it.code}:${it.reason}:${it.warnings}" }

    private fun Report.check(id: CheckId) = checks.filter { it.id == id }.let {
        assertEquals(1, it.size, "expected exactly one $id check: ${describe()}")
        it.single()
    }

    @Test
    fun coreVersionIsReported() {
        assertTrue(coreVersion().isNotBlank())
    }

    @Test
    fun defaultOptionsAreSafe() {
        val o = defaultVerifyOptions()
        assertNull(o.nowRfc3339)
        assertFalse(o.allowHttpLoopback)
        assertNull(o.extraCaPem)
    }

    @Test
    fun exampleCredentialVerifies() {
        val r = verifyFile(Fixtures.exampleCredential())
        assertTrue(r.summary in ok, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.PROOF).status, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.FORMAT).status, r.describe())
        assertTrue(r.verifiedAt.isNotEmpty())
        assertTrue(r.checks.all { it.checkedAt.isNotEmpty() })
        assertTrue(r.credential.types.any { it.endsWith("Credential") }, r.credential.types.toString())
        assertNotNull(r.credential.issuerId)
    }

    @Test
    fun exampleVerifyBytesMatchesVerifyJson() {
        val f = Fixtures.exampleCredential()
        val fromBytes = verifyBytes(f.readBytes(), options())
        val fromJson = verifyFile(f)
        assertEquals(fromJson.summary, fromBytes.summary)
        assertEquals(fromJson.checks.map { it.id to it.status }, fromBytes.checks.map { it.id to it.status })
    }

    @Test
    fun oneEdTechSimpleVerifiesWithFragmentKeyWarning() {
        val r = verifyFile(Fixtures.ob3("1edtech-validator/simple.json"))
        assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
        assertEquals(CheckStatus.VALID, r.check(CheckId.PROOF).status, r.describe())
        assertTrue(r.checks.any { it.warnings.isNotEmpty() }, r.describe())
        assertEquals("Teamwork Badge", r.credential.name)
        assertEquals("https://example.com/issuers/876543", r.credential.issuerId)
        assertEquals("Example Corp", r.credential.issuerName)
        assertTrue("OpenBadgeCredential" in r.credential.types)
    }

    @Test
    fun expiredCredentialIsExpired() {
        val r = verifyFile(Fixtures.ob3("1edtech-validator/simple-err-expired.json"))
        assertEquals(Summary.EXPIRED, r.summary, r.describe())
        assertEquals(CheckStatus.INVALID, r.check(CheckId.VALIDITY).status, r.describe())
        assertNotNull(r.credential.validUntil)
    }

    @Test
    fun notYetValidWithExplicitNow() {
        val r = verifyFile(Fixtures.ob3("1edtech-validator/simple.json"), now = "2000-01-01T00:00:00Z")
        assertEquals(Summary.NOT_YET_VALID, r.summary, r.describe())
    }

    @Test
    fun tamperedSignatureIsNotVerified() {
        val r = verifyFile(Fixtures.ob3("1edtech-validator/simple-err-proof-value.json"))
        assertEquals(Summary.NOT_VERIFIED, r.summary, r.describe())
        assertEquals(CheckStatus.INVALID, r.check(CheckId.PROOF).status, r.describe())
    }

    @Test
    fun garbageThrowsNotJson() {
        val e = assertThrows(VerifyException.NotJson::class.java) { verifyJson("not json at all", options()) }
        assertTrue(e.line >= 1uL && e.column >= 1uL, "line ${e.line} column ${e.column}")
        assertTrue(e is VerifyException)
    }

    @Test
    fun jsonThatIsNotAnObjectThrowsNotAnObject() {
        assertThrows(VerifyException.NotAnObject::class.java) { verifyJson("42", options()) }
    }

    @Test
    fun tooDeepInputThrowsTooDeep() {
        val depth = 100_000
        val nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
        val e = assertThrows(VerifyException.TooDeep::class.java) { verifyJson(nested, options()) }
        assertTrue(e.limit > 0u && e.limit < depth.toUInt(), "limit ${e.limit}")
    }

    @Test
    fun oversizedInputThrowsTooLarge() {
        val size = 64 * 1024 * 1024 + 1
        val big = ByteArray(size) { ' '.code.toByte() }
        big[0] = '{'.code.toByte()
        big[size - 1] = '}'.code.toByte()
        val e = assertThrows(VerifyException.TooLarge::class.java) { verifyBytes(big, options()) }
        assertTrue(e.limitBytes > 0uL && e.limitBytes < size.toULong(), "limit ${e.limitBytes}")
    }

    @Test
    fun invalidNowOptionThrowsInvalidOptions() {
        val e = assertThrows(VerifyException.InvalidOptions::class.java) {
            verifyFile(Fixtures.exampleCredential(), now = "yesterday, roughly")
        }
        assertTrue(e.reason.isNotEmpty())
    }
}
