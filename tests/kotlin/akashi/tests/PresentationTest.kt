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
import uniffi.akashi_core.ImportOutcome
import uniffi.akashi_core.LogAction
import uniffi.akashi_core.PresentationRequest
import uniffi.akashi_core.Report
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.AkashiVerifier
import uniffi.akashi_ffi.AkashiWallet
import uniffi.akashi_ffi.PresentationException
import uniffi.akashi_ffi.WalletException
import uniffi.akashi_ffi.createRequest
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.readRequest
import uniffi.akashi_ffi.requestExpired
import uniffi.akashi_ffi.requestText
import uniffi.akashi_ffi.verifyPresentation
import java.io.File

/**
 * The whole phone-to-phone exchange of issue 6 through the FFI, as the Android app makes it:
 * the employer's app creates a request (its text is what the request QR carries), the learner's
 * app reads it (who is asking) and signs a presentation of a wallet badge with the holder key,
 * the employer's app verifies it against its own request. Then a replay against another request,
 * a one-way presentation, typed errors, and the holder key moving with a backup.
 */
class PresentationTest {
    companion object {
        const val DOMAIN = "careers.acme.example"
    }

    private fun options() = defaultVerifyOptions().copy(offline = true)
    private fun Report.check(id: CheckId) = checks.first { it.id == id }
    private fun Report.describe() = "summary=$summary " + checks.joinToString(" ") { "${it.id}=${it.status}(${it.code})" }

    private fun learner(dir: File): Pair<AkashiWallet, Long> {
        val wallet = AkashiWallet.open(File(dir, "learner.db").path, WalletTest.FixedKeys(), options(), null)
        val id = (wallet.importBytes(Fixtures.exampleCredential().readBytes()) as ImportOutcome.Added).id
        return wallet to id
    }

    @Test
    fun wholeExchange(@TempDir dir: File) {
        val (wallet, badge) = learner(dir)
        wallet.use {
            // 1. The employer's phone shows a request QR.
            val request = createRequest(DOMAIN, "ACME Careers", null)
            assertTrue(request.challenge.length >= 22, "at least 128 bits")
            val text = requestText(request)

            // 2. The learner's phone scans it and shows who is asking.
            val read = readRequest(text)
            assertEquals("ACME Careers" to DOMAIN, read.name to read.domain)
            assertFalse(requestExpired(read))

            // 3. On consent it signs a presentation (its text goes into the QR frames).
            val holder = wallet.holderDid()
            assertTrue(holder.startsWith("did:key:z6Mk"), holder)
            val p = wallet.createPresentation(listOf(badge), read, null)
            assertEquals(holder, p.holder)
            assertEquals(request.challenge, p.challenge)
            assertEquals(DOMAIN, p.domain)
            assertEquals(1u, p.credentials)

            // 4. The employer's phone verifies it against its own request.
            val r = verifyPresentation(p.text, request, options())
            // The example badge names its learner by a hashed email: the holder check cannot match.
            assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
            for (id in listOf(CheckId.PROOF, CheckId.ISSUER_KEY, CheckId.VALIDITY, CheckId.CHALLENGE, CheckId.NESTED)) {
                assertEquals(CheckStatus.VALID, r.check(id).status, r.describe())
            }
            assertEquals("subject_not_identified", r.check(CheckId.HOLDER).code)
            AkashiVerifier(options(), null).use { v ->
                assertEquals(Summary.VERIFIED_WITH_WARNINGS, v.verifyPresentation(p.text, request).summary)
            }

            // Replayed to the same employer's next request: not verified.
            val replay = verifyPresentation(p.text, createRequest(DOMAIN, "ACME Careers", null), options())
            assertEquals(Summary.NOT_VERIFIED, replay.summary)
            assertEquals("challenge_mismatch", replay.check(CheckId.CHALLENGE).code)

            val shown = wallet.log().filter { it.action == LogAction.PRESENT }
            assertEquals(listOf(badge to "ACME Careers ($DOMAIN)"), shown.map { it.badgeId to it.toWhom })
        }
    }

    @Test
    fun oneWayPresentation(@TempDir dir: File) {
        val (wallet, badge) = learner(dir)
        wallet.use {
            val p = wallet.createPresentation(listOf(badge), null, 120u)
            assertNull(p.challenge)
            val r = verifyPresentation(p.text, null, options())
            assertEquals(Summary.VERIFIED_WITH_WARNINGS, r.summary, r.describe())
            assertEquals(CheckStatus.NOT_APPLICABLE, r.check(CheckId.CHALLENGE).status)
            assertEquals("not_bound", r.check(CheckId.CHALLENGE).code)
            val late = options().copy(nowRfc3339 = "2099-01-01T00:00:00Z")
            assertEquals("expired", verifyPresentation(p.text, null, late).check(CheckId.VALIDITY).code)
        }
    }

    @Test
    fun typedErrorsAndBackup(@TempDir dir: File) {
        val (wallet, badge) = learner(dir)
        wallet.use {
            assertThrows(PresentationException.NotARequest::class.java) { readRequest("not a request") }
            assertThrows(PresentationException.InvalidField::class.java) { createRequest("has space", "ACME", null) }
            val expired = PresentationRequest("A".repeat(22), DOMAIN, "ACME", "2020-01-01T00:00:00Z")
            assertThrows(WalletException.RequestExpired::class.java) { wallet.createPresentation(listOf(badge), expired, null) }
            assertThrows(WalletException.PresentationFailed::class.java) { wallet.createPresentation(listOf(), null, null) }
            assertTrue(wallet.log().none { it.action == LogAction.PRESENT })

            val holder = wallet.holderDid()
            val backup = wallet.backup("correct horse battery")
            AkashiWallet.open(File(dir, "new.db").path, WalletTest.FixedKeys(WalletTest.OTHER_KEY), options(), null).use { newPhone ->
                assertEquals(1uL, newPhone.restore(backup, "correct horse battery").holderKeysAdded)
                assertEquals(holder, newPhone.holderDid())
            }
        }
    }
}
