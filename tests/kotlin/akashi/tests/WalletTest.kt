package akashi.tests

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import uniffi.akashi_core.ImportOutcome
import uniffi.akashi_core.ImportSource
import uniffi.akashi_core.ListFilter
import uniffi.akashi_core.LogAction
import uniffi.akashi_core.SortBy
import uniffi.akashi_core.Summary
import uniffi.akashi_ffi.AkashiWallet
import uniffi.akashi_ffi.KeyStore
import uniffi.akashi_ffi.KeyStoreException
import uniffi.akashi_ffi.ReverifyProgress
import uniffi.akashi_ffi.VerifyException
import uniffi.akashi_ffi.WalletException
import uniffi.akashi_ffi.defaultVerifyOptions
import java.io.File
import java.security.MessageDigest

/**
 * AkashiWallet (the encrypted wallet) with a KeyStore and a ReverifyProgress written in Kotlin:
 * open in a temp dir, import the example credential and a baked PNG, list, search, get, tag,
 * reverify with cancel, delete, the activity log, a wrong key and a failing key store.
 */
class WalletTest {
    companion object {
        val KEY = ByteArray(32) { (it + 1).toByte() }
        val OTHER_KEY = ByteArray(32) { (it + 101).toByte() }
        const val PNG = "1edtech-validator/simple-json.png"
    }

    /** The platform key store (Android Keystore) as a test double: always the same 32 bytes. */
    class FixedKeys(private val key: ByteArray = KEY) : KeyStore {
        var calls = 0
        override fun walletKey(): ByteArray {
            calls++
            return key
        }
    }

    class LockedKeys : KeyStore {
        override fun walletKey(): ByteArray = throw KeyStoreException.Unavailable()
    }

    class BrokenKeys : KeyStore {
        override fun walletKey(): ByteArray = throw IllegalStateException("secret-keystore-detail")
    }

    class CancelAfterFirst : ReverifyProgress {
        val calls = mutableListOf<Pair<ULong, ULong>>()
        override fun onProgress(done: ULong, total: ULong): Boolean {
            calls.add(done to total)
            return done < 1uL
        }
    }

    private val all = ListFilter(state = null, issuerId = null, tag = null)
    private fun options() = defaultVerifyOptions().copy(offline = true) // CI reaches no issuer hosts
    private fun open(file: File, keys: KeyStore = FixedKeys()) = AkashiWallet.open(file.path, keys, options(), null)
    private fun addedId(o: ImportOutcome): Long = (o as? ImportOutcome.Added)?.id ?: throw AssertionError("not added: $o")

    @Test
    fun walletRoundTrip(@TempDir dir: File) {
        val keys = FixedKeys()
        open(File(dir, "wallet.db"), keys).use { wallet ->
            assertEquals(1, keys.calls)
            val microBytes = Fixtures.exampleCredential().readBytes()
            val pngBytes = Fixtures.ob3(PNG).readBytes()
            val micro = addedId(wallet.importBytes(microBytes))
            val png = addedId(wallet.importBytes(pngBytes))
            assertNotEquals(micro, png)
            assertEquals(ImportOutcome.Duplicate(micro), wallet.importBytes(microBytes))

            assertEquals(setOf(micro, png), wallet.list(SortBy.NAME, all).map { it.id }.toSet())
            assertEquals(2, wallet.list(SortBy.NAME, all).size)

            val found = wallet.search("Data Science")
            assertEquals(listOf(micro), found.map { it.id })
            assertTrue(found[0].name.orEmpty().contains("Data Science"))
            assertEquals(emptyList<Any>(), wallet.search("nothing-like-this"))

            val detail = wallet.get(micro)
            assertArrayEquals(microBytes, detail.original)
            assertEquals(Summary.VERIFIED_WITH_WARNINGS, detail.report?.summary)
            assertEquals(Summary.VERIFIED_WITH_WARNINGS, detail.badge.state)
            assertEquals(ImportSource.BYTES, detail.badge.source)
            assertArrayEquals(pngBytes, wallet.get(png).original)
            assertThrows(WalletException.NotFound::class.java) { wallet.get(9999) }

            wallet.tag(png, " teamwork ")
            assertEquals(listOf("teamwork"), wallet.tags())
            assertEquals(listOf(png), wallet.list(SortBy.DATE, all.copy(tag = "teamwork")).map { it.id })
            assertEquals(0, wallet.list(SortBy.DATE, all.copy(tag = "other")).size)
            assertThrows(WalletException.InvalidTag::class.java) { wallet.tag(png, "   ") }

            val progress = CancelAfterFirst()
            val outcome = wallet.reverifyAll(progress)
            assertTrue(outcome.cancelled)
            assertEquals(2uL, outcome.total)
            assertEquals(1uL, outcome.done)
            assertEquals(listOf(0uL to 2uL, 1uL to 2uL), progress.calls)
            assertEquals(2uL, wallet.reverifyAll(null).done)

            wallet.delete(png)
            assertEquals(listOf(micro), wallet.list(SortBy.DATE, all).map { it.id })
            assertEquals(emptyList<String>(), wallet.tags())
            assertThrows(WalletException.NotFound::class.java) { wallet.delete(png) }

            val actions = wallet.log().map { it.action to it.badgeId }
            assertEquals(listOf(LogAction.IMPORT to micro, LogAction.IMPORT to png), actions.take(2))
            assertTrue((LogAction.TAG to png) in actions)
            assertEquals(LogAction.DELETE to png, actions.last())
        }
    }

    private fun fileState(dir: File): Map<String, String> =
        dir.listFiles()!!.sortedBy { it.name }.associate { f ->
            f.name to MessageDigest.getInstance("SHA-256").digest(f.readBytes()).joinToString("") { "%02x".format(it) }
        }

    @Test
    fun wrongKeyLeavesTheWalletUnchanged(@TempDir dir: File) {
        val path = File(dir, "wallet.db")
        val micro = open(path).use { wallet ->
            val id = addedId(wallet.importBytes(Fixtures.exampleCredential().readBytes()))
            wallet.tag(id, "kept")
            id
        }
        val before = fileState(dir)
        assertThrows(WalletException.WrongKey::class.java) { open(path, FixedKeys(OTHER_KEY)) }
        assertEquals(before, fileState(dir))
        open(path).use { wallet ->
            assertEquals(listOf(micro to listOf("kept")), wallet.list(SortBy.DATE, all).map { it.id to it.tags })
        }
    }

    @Test
    fun keyStoreFailures(@TempDir dir: File) {
        val path = File(dir, "wallet.db")
        assertThrows(WalletException.KeyUnavailable::class.java) { open(path, LockedKeys()) }
        val failed = assertThrows(WalletException.KeyStoreFailed::class.java) { open(path, BrokenKeys()) }
        assertFalse(failed.toString().contains("secret-keystore-detail"))
        assertThrows(WalletException.BadKeyLength::class.java) { open(path, FixedKeys(ByteArray(5))) }
        assertTrue(!path.exists() || path.length() == 0L)
    }

    @Test
    fun unreadableInputIsRefusedAndNothingIsStored(@TempDir dir: File) {
        open(File(dir, "wallet.db")).use { wallet ->
            val refused = assertThrows(WalletException.UnreadableInput::class.java) { wallet.importText("not json at all") }
            assertTrue(refused.reason is VerifyException.NotJson, refused.reason.toString())
            assertEquals(0, wallet.list(SortBy.DATE, all).size)
        }
    }

    @Test
    fun importManyKeepsOrderAndReportsEachInput(@TempDir dir: File) {
        val microBytes = Fixtures.exampleCredential().readBytes()
        val pngBytes = Fixtures.ob3("1edtech-validator/simple-json.png").readBytes()
        open(File(dir, "wallet.db")).use { wallet ->
            val results = wallet.importMany(listOf(microBytes, "not json at all".toByteArray(), pngBytes, microBytes))
            assertEquals(4, results.size)
            val micro = addedId(results[0].outcome ?: throw AssertionError(results[0].error))
            assertTrue(results[1].outcome == null && results[1].error!!.contains("cannot be read"), results[1].toString())
            val png = addedId(results[2].outcome ?: throw AssertionError(results[2].error))
            assertEquals(ImportOutcome.Duplicate(micro), results[3].outcome)
            assertEquals(setOf(micro, png), wallet.list(SortBy.DATE, all).map { it.id }.toSet())
            assertTrue(wallet.get(png).original.contentEquals(pngBytes))
        }
    }

    @Test
    fun backupAndRestoreIntoAFreshWallet(@TempDir dir: File) {
        val microBytes = Fixtures.exampleCredential().readBytes()
        val pngBytes = Fixtures.ob3(PNG).readBytes()
        val backup = open(File(dir, "old-phone.db")).use { old ->
            val micro = addedId(old.importBytes(microBytes))
            addedId(old.importBytes(pngBytes))
            old.tag(micro, "data science")
            old.backup("correct horse battery staple")
        }
        assertEquals("AKASHI-BACKUP", String(backup.copyOfRange(0, 13)))
        assertFalse(String(backup, Charsets.ISO_8859_1).contains("Data Science"), "the backup is encrypted")

        open(File(dir, "new-phone.db"), FixedKeys(OTHER_KEY)).use { fresh ->
            val outcome = fresh.restore(backup, "correct horse battery staple")
            assertEquals(Triple(2uL, 2uL, 1uL), Triple(outcome.badgesInBackup, outcome.badgesAdded, outcome.tagsAdded))
            val sha = { b: ByteArray -> MessageDigest.getInstance("SHA-256").digest(b).joinToString("") { "%02x".format(it) } }
            val restored = fresh.list(SortBy.NAME, all).map { sha(fresh.get(it.id).original) }.toSet()
            assertEquals(setOf(sha(microBytes), sha(pngBytes)), restored)
            val hits = fresh.search("Data Science")
            assertEquals(1, hits.size)
            assertTrue("data science" in hits[0].tags)

            val again = fresh.restore(backup, "correct horse battery staple")
            assertEquals(0uL to 2uL, again.badgesAdded to again.badgesUnchanged)
            val before = fresh.list(SortBy.NAME, all).map { it.id to it.name }
            assertThrows(WalletException.WrongPassphraseOrTampered::class.java) { fresh.restore(backup, "wrong passphrase") }
            assertThrows(WalletException.BackupTruncated::class.java) {
                fresh.restore(backup.copyOfRange(0, backup.size / 2), "correct horse battery staple")
            }
            assertThrows(WalletException.NotABackup::class.java) { fresh.restore("not a backup".toByteArray(), "correct horse battery staple") }
            assertEquals(before, fresh.list(SortBy.NAME, all).map { it.id to it.name })
        }
    }
}
