// swift-tools-version:6.1
// The benchmark kernels behind BENCHMARKS.md: `sunan-bench least-squares|monte-carlo`. Not part of the
// root package, like Fuzz/: the run-*.sh scripts beside this file build it in release mode. It uses the
// root package's libraries through its products.
import PackageDescription

let package = Package(
    name: "sunan-benchmarks",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sunan-bench", targets: ["SunanBench"]),
    ],
    dependencies: [
        .package(name: "sunan", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The least-squares and Monte Carlo suites, on data the Python peers reproduce bit for bit.
        .executableTarget(
            name: "SunanBench",
            dependencies: [
                .product(name: "LinearAlgebra", package: "sunan"),
                .product(name: "Indicators", package: "sunan"),
                .product(name: "Scenarios", package: "sunan"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)
