import ArgumentParser
import Foundation
import LinearAlgebra

/// `sunan bench`: timings of sunan's numerical kernels on deterministic synthetic data.
///
/// Each case is run once as a warm-up and then `--repeats` times; the median wall-clock time is
/// reported as one JSON object per line (or a CSV row). The data come from ``BenchData``, a
/// counter-based generator that `Benchmarks/least_squares_peers.py` reproduces bit for bit, so the
/// numpy peers solve exactly the same problems. Timings never influence the data or the results;
/// the `checksum` field (the sum of all fitted coefficients) lets the two sides be compared. In
/// JSON-lines output a first line describes the BLAS (build, kernel set, threads).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time sunan's numerical kernels on deterministic synthetic data.",
        discussion: """
            Suites: least-squares (cases independent, shared, single: 200,000 independent 12×3 trend \
            regressions, the same series sharing one design, and one 200,000×50 regression); monte-carlo \
            (case engine: the scenario engine's Monte Carlo on a synthetic zone of --regions regions, 4 \
            scenarios, --horizon years and --draws draws per scenario, reported as scenario-draws per second). \
            Set OPENBLAS_NUM_THREADS=1 in the environment for single-threaded figures; see BENCHMARKS.md.
            """
    )

    /// The benchmark suites `sunan bench` knows.
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

    /// Output formats of `sunan bench`.
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

/// The timing of one benchmark case.
struct BenchResult {
    /// Case name, e.g. `independent`.
    let name: String
    /// Median wall-clock seconds of one run of the case.
    let medianSeconds: Double
    /// Number of timed repetitions.
    let repeats: Int
    /// Number of least-squares fits (right-hand sides) one run performs.
    let fits: Int
    /// Sum of all fitted coefficients of the last run, for comparing with the peer.
    let checksum: Double

    /// One JSON line or one CSV row; numbers with 17 significant digits (checksum) or 6 (times).
    func rendered(suite: String, format: BenchCommand.OutputFormat) -> String {
        let median = String(format: "%.6e", medianSeconds)
        let perFit = String(format: "%.6g", medianSeconds / Double(fits) * 1e9)
        let sum = String(format: "%.17g", checksum)
        switch format {
        case .jsonl:
            return "{\"suite\":\"\(suite)\",\"case\":\"\(name)\",\"median_seconds\":\(median),\"per_fit_ns\":\(perFit),"
                + "\"repeats\":\(repeats),\"fits\":\(fits),\"checksum\":\(sum)}"
        case .csv:
            return "\(suite),\(name),\(median),\(perFit),\(repeats),\(fits),\(sum)"
        }
    }
}

/// A counter-based generator (SplitMix64's output function applied to `seed + (key + 1)·γ`):
/// value `(stream, index)` depends on nothing else, so any language can reproduce the data exactly.
struct BenchData {
    /// The seed shared by all streams.
    let seed: UInt64

    /// A uniform double in [0, 1) with 53 random bits: element `index` of stream `stream`.
    @inline(__always)
    func uniform(stream: UInt64, index: Int) -> Double {
        let key = UInt64(index) &+ (stream << 40)
        var z = seed &+ (key &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    /// Noise with mean 0 and standard deviation `sd`: a scaled sum of three uniforms (streams
    /// `stream`, `stream + 1`, `stream + 2`), evaluated in a fixed order so it is reproducible.
    @inline(__always)
    func noise(stream: UInt64, index: Int, sd: Double) -> Double {
        let sum = uniform(stream: stream, index: index) + uniform(stream: stream + 1, index: index)
            + uniform(stream: stream + 2, index: index)
        return (sum - 1.5) * (2 * sd)
    }
}

/// The least-squares suite: the three cases of issue 2's benchmark acceptance.
///
/// - `independent`: `series` trend regressions `y = β₀ + β₁t + β₂t² + e` over `length` points,
///   series `s` observed at `t = o_s + i` with its own offset `o_s ∈ [−5, 10)`, so every design
///   differs; solved by ``IndependentLeastSquares``.
/// - `shared`: the same coefficients and noise observed at `t = 0, 1, …, length − 1`, one design for
///   all series; solved by one ``LeastSquares`` call with `series` right-hand sides.
/// - `single`: one `rows × columns` regression (intercept plus uniform predictors on [0, 1)).
struct LeastSquaresBenchmark {
    /// Case names in the order they run.
    static let caseNames = ["independent", "shared", "single"]

    let data: BenchData
    let series: Int
    let length: Int
    let rows: Int
    let columns: Int

    init(seed: UInt64, series: Int, length: Int, rows: Int, columns: Int) {
        self.data = BenchData(seed: seed)
        self.series = series
        self.length = length
        self.rows = rows
        self.columns = columns
    }

    /// Builds the data of a case (untimed), then times it.
    func run(caseNamed name: String, repeats: Int) throws -> BenchResult {
        switch name {
        case "independent":
            let (designs, responses) = independentProblems()
            let (median, solution) = try time(repeats: repeats) {
                try IndependentLeastSquares.solve(designs: designs, responses: responses, rows: length, columns: 3)
            }
            return BenchResult(name: name, medianSeconds: median, repeats: repeats, fits: series,
                               checksum: solution.coefficients.reduce(0, +))
        case "shared":
            let (design, responses) = try sharedProblem()
            let (median, solution) = try time(repeats: repeats) {
                try LeastSquares.solve(design: design, responses: responses)
            }
            return BenchResult(name: name, medianSeconds: median, repeats: repeats, fits: series,
                               checksum: solution.coefficients.storage.reduce(0, +))
        default:
            let (design, response) = try singleProblem()
            let (median, solution) = try time(repeats: repeats) {
                try LeastSquares.solve(design: design, responses: response)
            }
            return BenchResult(name: name, medianSeconds: median, repeats: repeats, fits: 1,
                               checksum: solution.coefficients.storage.reduce(0, +))
        }
    }

    /// One untimed warm-up, then the median of `repeats` timed runs and the last result.
    private func time<T>(repeats: Int, _ body: () throws -> T) throws -> (Double, T) {
        var result = try body()
        var seconds: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<repeats {
            let start = clock.now
            result = try body()
            let elapsed = start.duration(to: clock.now)
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        seconds.sort()
        let middle = seconds.count / 2
        let median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
        return (median, result)
    }

    /// The response of series `s` at point `i` and time `t`.
    private func response(series s: Int, point i: Int, t: Double) -> Double {
        let b0 = 10 + 90 * data.uniform(stream: 1, index: s)
        let b1 = -2 + 4 * data.uniform(stream: 2, index: s)
        let b2 = -0.05 + 0.1 * data.uniform(stream: 3, index: s)
        return b0 + b1 * t + b2 * (t * t) + data.noise(stream: 4, index: s * length + i, sd: 0.5)
    }

    /// Designs (problem after problem, each column-major) and responses of the independent case.
    private func independentProblems() -> ([Double], [Double]) {
        let n = length
        var designs = [Double](repeating: 0, count: series * n * 3)
        var responses = [Double](repeating: 0, count: series * n)
        for s in 0..<series {
            let offset = -5 + 15 * data.uniform(stream: 0, index: s)
            for i in 0..<n {
                let t = offset + Double(i)
                designs[s * n * 3 + i] = 1
                designs[s * n * 3 + n + i] = t
                designs[s * n * 3 + 2 * n + i] = t * t
                responses[s * n + i] = response(series: s, point: i, t: t)
            }
        }
        return (designs, responses)
    }

    /// The shared design and the `length × series` responses of the shared case.
    private func sharedProblem() throws -> (Matrix, Matrix) {
        let n = length
        var design = [Double](repeating: 0, count: n * 3)
        for i in 0..<n {
            let t = Double(i)
            design[i] = 1
            design[n + i] = t
            design[2 * n + i] = t * t
        }
        var responses = [Double](repeating: 0, count: series * n)
        for s in 0..<series {
            for i in 0..<n { responses[s * n + i] = response(series: s, point: i, t: Double(i)) }
        }
        return (try Matrix(rows: n, columns: 3, columnMajor: design),
                try Matrix(rows: n, columns: series, columnMajor: responses))
    }

    /// The design and response of the single large regression: `x₀ = 1`, `xⱼ ~ U[0, 1)`,
    /// `βⱼ = 1 + j / 10`, noise SD 0.5.
    private func singleProblem() throws -> (Matrix, Matrix) {
        let n = rows, p = columns
        var design = [Double](repeating: 1, count: n * p)
        for j in 1..<p {
            for i in 0..<n { design[i + j * n] = data.uniform(stream: 10, index: i + j * n) }
        }
        var response = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<p { sum += (1 + Double(j) / 10) * design[i + j * n] }
            response[i] = sum + data.noise(stream: 11, index: i, sd: 0.5)
        }
        return (try Matrix(rows: n, columns: p, columnMajor: design), Matrix(column: response))
    }
}
