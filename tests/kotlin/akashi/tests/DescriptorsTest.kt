package akashi.tests

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import uniffi.akashi_core.CheckId
import uniffi.akashi_core.DescriptorId
import uniffi.akashi_core.Language
import uniffi.akashi_core.Report
import uniffi.akashi_ffi.defaultVerifyOptions
import uniffi.akashi_ffi.localizeReport
import uniffi.akashi_ffi.preferredLanguage
import uniffi.akashi_ffi.verifyJson
import java.io.File

/** Binding tests: micro-credential descriptors and their Japanese / English rendering through akashi_ffi. */
class DescriptorsTest {
    private val examples = File(Fixtures.repoRoot, "examples/credentials")

    private fun verify(name: String): Report =
        verifyJson(File(examples, name).readText(Charsets.UTF_8), defaultVerifyOptions().copy(offline = true, nowRfc3339 = "2026-06-01T00:00:00Z"))

    /** Single-line messages of core/locales/<lang>/akashi.ftl: the labels the bindings must return. */
    private fun ftl(lang: String): Map<String, String> =
        File(Fixtures.repoRoot, "core/locales/$lang/akashi.ftl").readLines(Charsets.UTF_8)
            .filter { " = " in it && !it.startsWith(" ") && !it.startsWith("#") }
            .associate { it.substringBefore(" = ") to it.substringAfter(" = ") }

    @Test
    fun fullExampleCarriesEveryDescriptorAndCompletesBothProfiles() {
        val d = requireNotNull(verify("micro-credential-full.json").credential.descriptors) { "no descriptors" }
        assertEquals(DescriptorId.values().size, d.items.size)
        assertTrue(d.items.all { it.present }, d.items.filter { !it.present }.toString())
        val level = d.items.single { it.id == DescriptorId.LEVEL }.values
        assertTrue(level.any { it.value.startsWith("EQF level 5") && it.source.startsWith("credentialSubject.achievement.alignment[") }, level.toString())
        assertEquals(listOf("jp-mc-guideline-3.0", "eu-mc-2022"), d.profiles.map { it.id })
        assertTrue(d.profiles.all { it.complete && it.missing.isEmpty() })
    }

    @Test
    fun plainExampleMissesWhatItDoesNotState() {
        val d = verify("micro-credential.json").credential.descriptors!!
        val eu = d.profiles.single { it.id == "eu-mc-2022" }
        assertFalse(eu.complete)
        assertTrue(DescriptorId.FORM_OF_PARTICIPATION in eu.missing, eu.toString())
    }

    @Test
    fun reportRendersInJapaneseAndEnglish() {
        val report = verify("micro-credential-full.json")
        val trustReason = report.checks.single { it.id == CheckId.TRUST }.reason
        for ((language, tag) in listOf(Language.EN to "en", Language.JA to "ja")) {
            val msgs = ftl(tag)
            val loc = localizeReport(report, language)
            assertEquals(msgs["summary-verified_with_warnings"], loc.summaryLabel)
            assertEquals(msgs["descriptor-workload"], loc.descriptors.single { it.id == DescriptorId.WORKLOAD }.label)
            val trust = loc.checks.single { it.id == CheckId.TRUST }
            assertEquals(msgs["code-no_registry"], trust.message)
            assertEquals(trustReason, trust.detail)
            assertTrue(loc.profiles.all { it.completeLabel == msgs["ui-profile-complete"] })
        }
        assertNotEquals(ftl("en")["descriptor-workload"], ftl("ja")["descriptor-workload"])
    }

    @Test
    fun preferredLanguageFollowsTheDevice() {
        assertEquals(Language.JA, preferredLanguage(listOf("ja-JP", "en-US")))
        assertEquals(Language.EN, preferredLanguage(listOf("de-DE")))
        assertEquals(Language.EN, preferredLanguage(emptyList()))
    }
}
