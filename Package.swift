// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: readers (LDIF, DelimitedText, BDCModel) → ProfileCore
// (configuration, filters, mapping, diff) → ProfileStore (SQLite) → Reports.
// Every target below owns one stage; none depends on a later one.
let package = Package(
    name: "ProfileSync",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex
    products: [
        .executable(name: "profilesync", targets: ["profilesync"]),
        .library(name: "LDIF", targets: ["LDIF"]),
        .library(name: "DelimitedText", targets: ["DelimitedText"]),
        .library(name: "BDCModel", targets: ["BDCModel"]),
        .library(name: "ProfileCore", targets: ["ProfileCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // System libraries, found through pkg-config.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        // glibc's mallopt, which Swift's Glibc module leaves out.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),

        // Located errors and warnings shared by every reader and the engine.
        .target(name: "Diagnostics"),
        // A compact, order-preserving JSON text writer for JSON Lines and reports.
        .target(name: "JSONText"),

        // One UTF-8 well-formedness check for both text readers.
        .target(name: "UTF8Validation"),

        // How the readers take a file's bytes from the disk without leaving
        // them behind in the page cache.
        .target(name: "InputFiles"),

        // Readers and writers: bytes in, records out.
        .target(name: "LDIF", dependencies: ["Diagnostics", "UTF8Validation", "InputFiles"]),
        .target(name: "DelimitedText", dependencies: ["Diagnostics", "UTF8Validation", "InputFiles"]),
        .target(name: "BDCModel", dependencies: ["Diagnostics", "CLibXML2", "DelimitedText"]),

        // Configuration, LDAP filters, expressions, mapping engine, runs, diff.
        .target(
            name: "ProfileCore",
            dependencies: [
                "Diagnostics", "LDIF", "DelimitedText", "BDCModel", "UTF8Validation",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // The SQLite profile store: schema, migrations, runs, change log.
        .target(
            name: "ProfileStore",
            dependencies: [
                "ProfileCore", "CSQLite", "UTF8Validation",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),

        // Change reports and exports in every format.
        .target(
            name: "Reports",
            dependencies: [
                "ProfileCore", "LDIF", "DelimitedText", "JSONText",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // Synthetic directory exports, HR extracts, models and drift for tests and benchmarks.
        .target(name: "SyntheticDirectory", dependencies: ["JSONText"]),

        .executableTarget(
            name: "profilesync",
            dependencies: [
                "Diagnostics", "JSONText", "LDIF", "DelimitedText", "BDCModel", "ProfileCore",
                "ProfileStore", "Reports", "SyntheticDirectory", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Shared test helpers: where the corpus, fixtures and built tool are.
        .target(name: "TestSupport", dependencies: ["CSQLite"], path: "Tests/TestSupport"),

        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "JSONText"]),
        .testTarget(name: "LDIFTests", dependencies: ["LDIF", "InputFiles", "TestSupport"]),
        .testTarget(name: "DelimitedTextTests", dependencies: ["DelimitedText", "TestSupport"]),
        .testTarget(name: "BDCModelTests", dependencies: ["BDCModel", "TestSupport"]),
        .testTarget(name: "ProfileCoreTests", dependencies: ["ProfileCore", "LDIF", "TestSupport"]),
        .testTarget(
            name: "ProfileStoreTests",
            dependencies: ["ProfileStore", "Reports", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ProfileStore", "TestSupport"]),
        .testTarget(name: "SyntheticDirectoryTests", dependencies: ["SyntheticDirectory", "profilesync", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["profilesync", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
