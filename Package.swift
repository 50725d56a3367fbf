// swift-tools-version:6.1
// sunan: forecasts, scenarios and target gaps for regional plans.
import PackageDescription

let package = Package(
    name: "sunan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sunan", targets: ["sunan"]),
        // The library layers, for the Benchmarks/ package (and any other package that builds on sunan).
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Forecasting", targets: ["Forecasting"]),
        .library(name: "Scenarios", targets: ["Scenarios"]),
        .library(name: "ScenarioFiles", targets: ["ScenarioFiles"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        // Excel workbooks (.xlsx are ZIP archives): inflating parts in Indicators, writing in Reports.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Documentation only: `swift package generate-documentation --target X` (scripts/docs.sh); no target depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The only C in the project: OpenBLAS (cblas) and LAPACKE headers.
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),
        // Least squares, regression inference and distributions; the only importer of CLapack.
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        // The data layer: panels of region × indicator × year observations, units, regions, targets, validation.
        .target(name: "Indicators", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Trend models fitted by least squares, selection and combination, intervals, backtests.
        .target(name: "Forecasting", dependencies: ["LinearAlgebra"]),
        // Investment scenarios, Monte Carlo projections, targets, gaps and inverse solves; the scenario schema.
        .target(name: "Scenarios", dependencies: ["Indicators", "Forecasting", "LinearAlgebra"]),
        // Scenario files (YAML): decoded strictly against the schema, with what they name loaded and checked.
        // It composes files from the events of libyaml (module CYaml, which Yams builds), not through Yams itself.
        .target(
            name: "ScenarioFiles",
            dependencies: ["Scenarios", "Indicators", "Forecasting", .product(name: "Yams", package: "Yams")]
        ),
        // Tables and charts: text, CSV, JSON, Markdown, HTML and SVG renderings of results.
        .target(
            name: "Reports",
            dependencies: ["Scenarios", "Forecasting", "Indicators", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The command-line layer as a library, so tests can drive it in-process.
        .target(
            name: "SunanCLI",
            dependencies: [
                "LinearAlgebra",
                "Indicators",
                "Forecasting",
                "Scenarios",
                "ScenarioFiles",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Terminal colours for status words (only on a terminal; plain when piped or NO_COLOR).
                .product(name: "Rainbow", package: "Rainbow"),
            ]
        ),
        .executableTarget(name: "sunan", dependencies: ["SunanCLI"]),
        // Helpers every test target shares (seeded generator, golden files, fixtures, LRE); not shipped, tested itself.
        .target(name: "SunanTestSupport", path: "Tests/SunanTestSupport"),
        .testTarget(
            name: "SunanTestSupportTests",
            dependencies: ["SunanTestSupport"],
            // The script that computed the tests' reference values (SplitMix64 words, LRE).
            exclude: ["Reference"]
        ),
        .testTarget(
            name: "LinearAlgebraTests",
            dependencies: ["LinearAlgebra", "SunanTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "IndicatorsTests",
            dependencies: [
                "Indicators",
                "SunanTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                // CSV.swift is the reference parser the tokenizer is checked against (differential tests).
                .product(name: "CSV", package: "CSV.swift"),
                // Builds the hostile workbooks of the workbook reader's tests.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "ForecastingTests",
            dependencies: ["Forecasting", "LinearAlgebra", "SunanTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ScenariosTests",
            // ScenarioFiles loads the shipped scenarios the end-to-end tests run.
            dependencies: ["Scenarios", "ScenarioFiles", "Indicators", "Forecasting", "LinearAlgebra",
                           // Reports renders the run's files, for the byte-identity tests.
                           "Reports", "SunanTestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ScenarioFilesTests",
            dependencies: ["ScenarioFiles", "Scenarios", "Indicators", "SunanTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SunanCLITests",
            // Scenarios for the schema's limits, which the command line must state.
            dependencies: ["SunanCLI", "Reports", "Scenarios", "SunanTestSupport"],
            // The bad-input catalogue's files are copied by path (SunanProcess.repositoryRoot), not bundled.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Scenarios", "ScenarioFiles", "Indicators", "Forecasting", "SunanTestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
