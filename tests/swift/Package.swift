// swift-tools-version:5.9
// Swift binding tests for akashi_ffi (UniFFI). Run through `bash scripts/test.sh`, which
// generates the bindings (library mode), copies the generated Swift files into Sources/AkashiFFI
// and the C headers into Sources/AkashiFFIC/include (with a module.modulemap, one module per
// header: akashi_ffiFFI, akashi_coreFFI), all git-ignored, and runs `swift test` in a Debian 13
// chroot with the repository bind-mounted.
import PackageDescription

let env = Context.environment
let repoRoot = env["AKASHI_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? (Context.packageDirectory + "/../..")
let targetDir = env["AKASHI_TARGET_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? (repoRoot + "/target")
// libakashi_ffi.so from the workspace target dir, found at run time through an rpath.
let libDir = targetDir + "/debug"

let package = Package(
    name: "AkashiSwiftTests",
    targets: [
        // C modules for the generated headers (include/*FFI.h + module.modulemap).
        .target(name: "AkashiFFIC", path: "Sources/AkashiFFIC"),
        // The generated Swift bindings (akashi_ffi.swift, akashi_core.swift) in one Swift module.
        .target(
            name: "AkashiFFI",
            dependencies: ["AkashiFFIC"],
            path: "Sources/AkashiFFI",
            linkerSettings: [
                .unsafeFlags(["-L", libDir, "-lakashi_ffi", "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
        .testTarget(name: "AkashiFFITests", dependencies: ["AkashiFFI"], path: "Tests/AkashiFFITests"),
    ]
)
