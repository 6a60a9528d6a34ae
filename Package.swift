// swift-tools-version:6.0
import PackageDescription

/// One executable per fuzz target (FuzzTarget in Sources/FuzzTargets).
let fuzzExecutables: [Target] = ["JSON", "CSV", "XLSX", "XML", "Expr", "Eval", "Script"].map { name in
    .executableTarget(name: "Fuzz\(name)", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/\(name)")
}

let package = Package(
    name: "zcsh",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "zcsh", targets: ["zcsh"]),
        .library(name: "ShellCore", targets: ["ShellCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libedit, through a shim header that wraps its variadic C calls.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Values, applicants, datasets, the field catalog, loaders and exporters.
        .target(
            name: "RosterData",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Rule packs (one data file per notice year), their evaluation, and the language functions
        // that read them (`eligible`, `verdict`, …: registered through ShellLang's function registry).
        .target(
            name: "TitleRules",
            dependencies: ["RosterData", "ShellLang", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Packs")]
        ),
        // The expression language: lexer, parser, AST, evaluator, diagnostics.
        .target(name: "ShellLang", dependencies: ["RosterData"]),
        // Session, commands, rendering, scripts, completion, line reading.
        .target(
            name: "ShellCore",
            dependencies: ["RosterData", "TitleRules", "ShellLang", "CEditLine", .product(name: "Ink", package: "Ink")]
        ),
        .executableTarget(
            name: "zcsh",
            dependencies: ["ShellCore", "TitleRules", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Benchmarks run as their own executable, never as timed unit tests.
        .executableTarget(name: "zcsh-bench", dependencies: ["ShellCore"], path: "Sources/Benchmarks"),
        // Fuzz targets (docs/reliability.md, scripts/fuzz): FuzzTargets feeds an input to a parser;
        // each Sources/Fuzz/<Name> executable is libFuzzer's entry point when built with
        // `-sanitize=fuzzer -DFUZZING`, and a reproducer (`FuzzJSON FILE…`) in the normal build.
        .target(name: "CLibFuzzer", path: "Sources/Fuzz/CLibFuzzer"),
        .target(name: "FuzzTargets", dependencies: ["RosterData", "ShellLang", "ShellCore", "TitleRules", "CLibFuzzer"]),
    ] + fuzzExecutables + [
        // Helpers shared by every test target (fixtures, transcript runner, PTY driver).
        .target(name: "TestSupport", dependencies: ["RosterData", "ShellLang", "ShellCore", "TitleRules"]),
        .testTarget(name: "RosterDataTests", dependencies: ["RosterData", "TestSupport"]),
        .testTarget(name: "TitleRulesTests", dependencies: ["TitleRules", "TestSupport"]),
        .testTarget(name: "ShellLangTests", dependencies: ["ShellLang", "TestSupport"]),
        .testTarget(name: "ShellCoreTests", dependencies: ["ShellCore", "TestSupport"]),
        .testTarget(name: "zcshTests", dependencies: ["TestSupport"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets"]),
    ],
    swiftLanguageModes: [.v6]
)
