import Foundation
import LinearAlgebra
import SunanTestSupport
import Testing

/// The trend design `[1, t, t²]` over `n` consecutive years.
func quadraticTrendDesign(years n: Int) throws -> Matrix {
    try Matrix(columns: [
        [Double](repeating: 1, count: n),
        (0..<n).map(Double.init),
        (0..<n).map { Double($0 * $0) },
    ])
}

@Suite("Least-squares invariants", .tags(.invariant))
struct LeastSquaresPropertyTests {
    @Test("noiseless data are recovered exactly", .tags(.reference), arguments: [3, 12, 40])
    func noiselessRecovery(years: Int) throws {
        let design = try quadraticTrendDesign(years: years)
        let truth = [2.5, -0.75, 0.125]
        let y = (0..<years).map { truth[0] + truth[1] * Double($0) + truth[2] * Double($0 * $0) }
        let solution = try LeastSquares.solve(design: design, responses: Matrix(column: y))
        #expect(worstRelativeDifference(solution.coefficients.column(0), truth) < 1e-13)
        #expect(solution.residualSumOfSquares[0] < 1e-20)
    }

    @Test("many right-hand sides in one factorization equal separate solves")
    func manyRightHandSides() throws {
        var rng = SeededGenerator(seed: 7)
        let design = try quadraticTrendDesign(years: 15)
        let columns = (0..<25).map { _ in (0..<15).map { _ in rng.uniform(-100...100) } }
        let together = try LeastSquares.solve(design: design, responses: Matrix(columns: columns))
        for (c, y) in columns.enumerated() {
            let alone = try LeastSquares.solve(design: design, responses: Matrix(column: y))
            #expect(worstRelativeDifference(together.coefficients.column(c), alone.coefficients.column(0)) < 1e-12)
            #expect(relativeDifference(together.residualSumOfSquares[c], alone.residualSumOfSquares[0]) < 1e-12)
        }
    }

    @Test("scaling the response by c scales the coefficients by c")
    func responseScaling() throws {
        var rng = SeededGenerator(seed: 11)
        let design = try quadraticTrendDesign(years: 20)
        let y = (0..<20).map { _ in rng.uniform(0...50) }
        let base = try LeastSquares.solve(design: design, responses: Matrix(column: y))
        let scaled = try LeastSquares.solve(design: design, responses: Matrix(column: y.map { $0 * 1e4 }))
        #expect(worstRelativeDifference(scaled.coefficients.column(0), base.coefficients.column(0).map { $0 * 1e4 }) < 1e-12)
    }

    @Test("weights equal to an integer repeat count act like repeated rows")
    func weightsAsRepeats() throws {
        let t: [Double] = [0, 1, 2, 3, 4, 5]
        let y: [Double] = [1.0, 2.9, 5.2, 6.8, 9.1, 11.2]
        let weights: [Double] = [1, 2, 1, 3, 1, 1]
        let weighted = try LeastSquares.solve(design: Matrix(columns: [[Double](repeating: 1, count: 6), t]),
                                              responses: Matrix(column: y), weights: weights)
        var tRepeated: [Double] = [], yRepeated: [Double] = []
        for i in 0..<6 { for _ in 0..<Int(weights[i]) { tRepeated.append(t[i]); yRepeated.append(y[i]) } }
        let repeated = try LeastSquares.solve(design: Matrix(columns: [[Double](repeating: 1, count: tRepeated.count), tRepeated]),
                                              responses: Matrix(column: yRepeated))
        #expect(worstRelativeDifference(weighted.coefficients.column(0), repeated.coefficients.column(0)) < 1e-12)
        #expect(relativeDifference(weighted.residualSumOfSquares[0], repeated.residualSumOfSquares[0]) < 1e-10)
    }

    @Test("bad input is rejected with a named error", .tags(.specification))
    func badInput() throws {
        let design = try quadraticTrendDesign(years: 5)
        #expect(throws: LinearAlgebraError.nonFiniteInput("response row 3, column 1")) {
            try LeastSquares.solve(design: design, responses: Matrix(column: [1, 2, .nan, 4, 5]))
        }
        #expect(throws: LinearAlgebraError.invalidWeight(index: 1, value: -1)) {
            try LeastSquares.solve(design: design, responses: Matrix(column: [1, 2, 3, 4, 5]), weights: [1, -1, 1, 1, 1])
        }
        #expect(throws: LinearAlgebraError.tooFewObservations(observations: 2, parameters: 3)) {
            try LinearRegression(columnNames: ["c", "t", "t2"]).fit(design: quadraticTrendDesign(years: 2), response: [1, 2])
        }
    }

    @Test("the small-problem kernel matches the LAPACK path and delegates collinear problems")
    func independentProblems() throws {
        var rng = SeededGenerator(seed: 42)
        let n = 12, p = 3, count = 500
        var designs: [Double] = [], responses: [Double] = []
        for problem in 0..<count {
            let start = rng.uniform(0...30)
            let t = (0..<n).map { start + Double($0) }
            let third = problem % 100 == 0 ? t.map { 2 * $0 + 1 } : t.map { $0 * $0 }
            designs += [Double](repeating: 1, count: n) + t + third
            responses += t.map { 3 + 0.5 * $0 + rng.uniform(-1...1) }
        }
        let batch = try IndependentLeastSquares.solve(designs: designs, responses: responses, rows: n, columns: p)
        #expect(batch.delegatedProblems == stride(from: 0, to: count, by: 100).map { $0 })
        for problem in 0..<count {
            let design = try Matrix(rows: n, columns: p, columnMajor: Array(designs[(problem * n * p)..<((problem + 1) * n * p)]))
            let reference = try LeastSquares.solve(design: design,
                                                   responses: Matrix(column: Array(responses[(problem * n)..<((problem + 1) * n)])))
            #expect(worstRelativeDifference(Array(batch.coefficients(ofProblem: problem)), reference.coefficients.column(0)) < 1e-8)
            #expect(relativeDifference(batch.residualSumOfSquares[problem], reference.residualSumOfSquares[0]) < 1e-8)
            #expect(batch.ranks[problem] == reference.rank)
        }
    }
}
