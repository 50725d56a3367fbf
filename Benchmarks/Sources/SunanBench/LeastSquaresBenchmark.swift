import Foundation
import LinearAlgebra

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
            let (median, solution) = try medianTime(repeats: repeats) {
                try IndependentLeastSquares.solve(designs: designs, responses: responses, rows: length, columns: 3)
            }
            return BenchResult(name: name, medianSeconds: median, repeats: repeats, fits: series,
                               checksum: solution.coefficients.reduce(0, +))
        case "shared":
            let (design, responses) = try sharedProblem()
            let (median, solution) = try medianTime(repeats: repeats) {
                try LeastSquares.solve(design: design, responses: responses)
            }
            return BenchResult(name: name, medianSeconds: median, repeats: repeats, fits: series,
                               checksum: solution.coefficients.storage.reduce(0, +))
        default:
            let (design, response) = try singleProblem()
            let (median, solution) = try medianTime(repeats: repeats) {
                try LeastSquares.solve(design: design, responses: response)
            }
            return BenchResult(name: name, medianSeconds: median, repeats: repeats, fits: 1,
                               checksum: solution.coefficients.storage.reduce(0, +))
        }
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
