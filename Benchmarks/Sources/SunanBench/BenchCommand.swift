import ArgumentParser
import Foundation
import LinearAlgebra

/// `sunan-bench`: timings of sunan's numerical kernels on deterministic synthetic data, behind the
/// figures of BENCHMARKS.md (run by `Benchmarks/run-least-squares.sh` and `run-monte-carlo.sh`).
///
/// Each case is run once as a warm-up and then `--repeats` times; the median wall-clock time is
/// reported as one JSON object per line (or a CSV row). The data come from ``BenchData``, a
/// counter-based generator that `Benchmarks/least_squares_peers.py` reproduces bit for bit, so the
/// numpy peers solve exactly the same problems. Timings never influence the data or the results;
/// the `checksum` field (the sum of all fitted coefficients) lets the two sides be compared. In
/// JSON-lines output a first line describes the BLAS (build, kernel set, threads).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sunan-bench",
        abstract: "Time sunan's numerical kernels on deterministic synthetic data.",
        discussion: """
            Suites: least-squares (cases independent, shared, single: 200,000 independent 12×3 trend \
            regressions, the same series sharing one design, and one 200,000×50 regression); monte-carlo \
            (case engine: the scenario engine's Monte Carlo on a synthetic zone of --regions regions, 4 \
            scenarios, --horizon years and --draws draws per scenario, reported as scenario-draws per second). \
            Set OPENBLAS_NUM_THREADS=1 in the environment for single-threaded figures; see BENCHMARKS.md.
            """
    )

    /// The benchmark suites `sunan-bench` knows.
    enum Suite: String, ExpressibleByArgument, CaseIterable {
        case leastSquares = "least-squares"
        case monteCarlo = "monte-carlo"

        /// The cases of the suite, in the order they run.
        var caseNames: [String] {
            switch self {
            case .leastSquares: return LeastSquaresBenchmark.caseNames
            case .monteCarlo: return MonteCarloBenchmark.caseNames
            }
        }
    }

    /// Output formats of `sunan-bench`.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case jsonl, csv
    }

    @Argument(help: "The suite to run: \(Suite.allCases.map(\.rawValue).joined(separator: ", ")).")
    var suite: Suite

    @Option(help: "Comma-separated cases of the suite to run (default: all of them).",
            transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var cases: [String] = []

    @Option(help: "Timed repetitions per case after one untimed warm-up.")
    var repeats: Int = 11

    @Option(help: "Number of series (independent and shared cases).")
    var series: Int = 200_000

    @Option(help: "Observations per series (independent and shared cases).")
    var length: Int = 12

    @Option(help: "Rows of the single large regression.")
    var rows: Int = 200_000

    @Option(help: "Columns of the single large regression (an intercept and uniform predictors).")
    var columns: Int = 50

    @Option(help: "Draws per scenario (monte-carlo suite).")
    var draws: Int = 10_000

    @Option(help: "Member regions of the synthetic zone (monte-carlo suite).")
    var regions: Int = 5

    @Option(help: "Projected years (monte-carlo suite).")
    var horizon: Int = 4

    @Option(help: "Seed of the data generator.")
    var seed: UInt64 = 20_240_601

    @Option(help: "Output format: jsonl (one JSON object per case) or csv.")
    var format: OutputFormat = .jsonl

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard series >= 1, length >= 3 else { throw ValidationError("--series must be ≥ 1 and --length ≥ 3") }
        guard columns >= 2, rows >= columns else { throw ValidationError("--rows must be ≥ --columns ≥ 2") }
        guard draws >= 1, regions >= 1, horizon >= 1 else {
            throw ValidationError("--draws, --regions and --horizon must be at least 1")
        }
        let known = suite.caseNames
        if let unknown = cases.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown case '\(unknown)'; the \(suite.rawValue) suite has \(known.joined(separator: ", "))")
        }
    }

    func run() throws {
        if suite == .monteCarlo { return try runMonteCarlo() }
        let benchmark = LeastSquaresBenchmark(seed: seed, series: series, length: length, rows: rows, columns: columns)
        let selected = cases.isEmpty ? LeastSquaresBenchmark.caseNames : cases
        switch format {
        case .csv:
            print("suite,case,median_seconds,per_fit_ns,repeats,fits,checksum")
        case .jsonl:
            print("{\"peer\":\"sunan\",\"blas\":\"\(BLASLibrary.configuration)\",\"core\":\"\(BLASLibrary.coreName)\","
                + "\"blas_threads\":\(BLASLibrary.threadCount)}")
        }
        for name in selected {
            let result = try benchmark.run(caseNamed: name, repeats: repeats)
            print(result.rendered(suite: suite.rawValue, format: format))
            fflush(nil)
        }
    }

    /// The monte-carlo suite: one engine run per repeat on the synthetic zone.
    private func runMonteCarlo() throws {
        let benchmark = MonteCarloBenchmark(seed: seed, regions: regions, horizon: horizon, draws: draws)
        switch format {
        case .csv:
            print("suite,case,median_seconds,draws_per_second,repeats,draws,scenarios,regions,horizon,zone_mean_last_year")
        case .jsonl:
            print("{\"peer\":\"sunan\",\"blas\":\"\(BLASLibrary.configuration)\",\"core\":\"\(BLASLibrary.coreName)\","
                + "\"blas_threads\":\(BLASLibrary.threadCount)}")
        }
        for _ in cases.isEmpty ? MonteCarloBenchmark.caseNames : cases {
            print(try benchmark.run(repeats: repeats).rendered(suite: suite.rawValue, format: format))
            fflush(nil)
        }
    }
}
