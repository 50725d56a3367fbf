// swift-tools-version:6.1
// libFuzzer harnesses for sunan's CSV, YAML and workbook loaders (issues 7 and 13). Not part of the root package:
// build and run it with ../scripts/fuzz.sh. The library targets are the root package's own
// sources, reached through the symbolic links in Sources/, because the root package exports
// them as no product. ZIPFoundation is a dependency because Indicators reads .xlsx workbooks.
import PackageDescription

let package = Package(
    name: "sunan-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CLapack", pkgConfig: "lapacke"),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "Indicators", dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "Forecasting", dependencies: ["LinearAlgebra"]),
        .target(name: "Scenarios", dependencies: ["Indicators", "Forecasting", "LinearAlgebra"]),
        .target(
            name: "ScenarioFiles",
            dependencies: ["Scenarios", "Indicators", "Forecasting", .product(name: "Yams", package: "Yams")]
        ),
        // Declares libFuzzer's driver, which the harnesses' main functions call.
        .target(name: "FuzzerDriver"),
        // PanelLoader.read and DataValidator.check on arbitrary bytes.
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzerDriver", "Indicators"]),
        // ScenarioLoader.read on arbitrary bytes.
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzerDriver", "ScenarioFiles", "Indicators"]),
        // The workbook reader (PanelLoader.read and DataValidator.check of an .xlsx) on arbitrary bytes.
        .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzerDriver", "Indicators"]),
    ]
)
