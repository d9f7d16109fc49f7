// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for ProfileSync's parsers (issue #7, item 6).
//
// A separate package on purpose: the fuzz targets only link with
// `-sanitize=fuzzer` (libFuzzer supplies `main`), so keeping them out of the
// main Package.swift means `swift build`, `swift test` and CI never try to
// build them. Build and run them with `Fuzz/run.sh`.
let package = Package(
    name: "ProfileSyncFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named explicitly so `.product(package:)` below doesn't depend on the
        // folder name the repository happens to be checked out under.
        .package(name: "ProfileSync", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzLDIF",
            dependencies: [.product(name: "LDIF", package: "ProfileSync")]),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [.product(name: "DelimitedText", package: "ProfileSync")]),
        .executableTarget(
            name: "FuzzLDAPFilter",
            dependencies: [.product(name: "ProfileCore", package: "ProfileSync")]),
        .executableTarget(
            name: "FuzzExpression",
            dependencies: [.product(name: "ProfileCore", package: "ProfileSync")]),
        .executableTarget(
            name: "FuzzConfiguration",
            dependencies: [.product(name: "ProfileCore", package: "ProfileSync")]),
    ],
    swiftLanguageModes: [.v6]
)
