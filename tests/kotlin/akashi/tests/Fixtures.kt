package akashi.tests

import java.io.File
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Assumptions.assumeTrue

/** Locates the repository and its fixtures (AKASHI_ROOT / -Dakashi.root, else walks up from the working dir). */
object Fixtures {
    private fun isRepoRoot(dir: File) = File(dir, "Cargo.toml").isFile && File(dir, "uniffi-bindings").isDirectory

    val repoRoot: File by lazy {
        val candidates = listOfNotNull(System.getProperty("akashi.root"), System.getenv("AKASHI_ROOT"))
            .map { File(it) }
        candidates.firstOrNull { isRepoRoot(it) }?.canonicalFile
            ?: generateSequence(File(System.getProperty("user.dir")).canonicalFile) { it.parentFile }
                .firstOrNull { isRepoRoot(it) }
            ?: error("cannot locate the Akashi repository root (set AKASHI_ROOT)")
    }

    val sharedDir: File by lazy {
        System.getenv("AKASHI_SHARED")?.takeIf { it.isNotEmpty() }?.let { File(it) }
            ?: File(repoRoot.parentFile, "shared")
    }

    /** The repo's valid example OB 3.0 credential (examples/credentials/). */
    fun exampleCredential(): File {
        val dir = File(repoRoot, "examples/credentials")
        val preferred = File(dir, "micro-credential.json")
        if (preferred.isFile) return preferred
        return dir.listFiles { f -> f.isFile && f.name.endsWith(".json") && "unsigned" !in f.name }?.sortedBy { it.name }?.firstOrNull()
            ?: fail("no example credential (*.json) in $dir")
    }

    /** ../shared/fixtures/ob3/<rel>; skipped only when ../shared is absent outside CI. */
    fun ob3(rel: String): File = shared("ob3/$rel")

    /** ../shared/fixtures/<rel> (any family, e.g. other/baking/...); same skip rule as [ob3]. */
    fun shared(rel: String): File {
        if (!sharedDir.isDirectory) {
            if (System.getenv("CI") == "true") fail<Unit>("shared fixtures folder $sharedDir missing in CI")
            assumeTrue(false, "shared fixtures folder $sharedDir not present")
        }
        val f = File(sharedDir, "fixtures/$rel")
        if (!f.isFile) fail<Unit>("fixture $f missing")
        return f
    }
}
