import Foundation
import LinearAlgebra
import SunanTestSupport
import Testing

/// A design factored once solves every response exactly as the small-problem kernel solves it afresh.
@Suite("Small design factorization", .tags(.invariant))
struct SmallDesignFactorizationTests {
    /// The kernel's answer for one problem: coefficients and residual sum of squares.
    static func kernel(_ design: [Double], _ response: [Double], rows n: Int, columns p: Int) throws -> ([Double], Double) {
        var coefficients = [Double](repeating: 0, count: p)
        var workspace = [Double](repeating: 0, count: IndependentLeastSquares.workspaceCount(rows: n, columns: p))
        let rss = try design.withUnsafeBufferPointer { x in
            try response.withUnsafeBufferPointer { y in
                try coefficients.withUnsafeMutableBufferPointer { b in
                    try workspace.withUnsafeMutableBufferPointer { w in
                        try IndependentLeastSquares.solve(design: x, response: y, rows: n, columns: p, coefficients: b, workspace: w)
                    }
                }
            }
        }
        return (coefficients, rss)
    }

    /// The factorization's answer for one response.
    static func factored(_ factorization: SmallDesignFactorization, _ response: [Double]) throws -> ([Double], Double) {
        var coefficients = [Double](repeating: 0, count: factorization.columns)
        var workspace = [Double](repeating: 0, count: factorization.workspaceCount)
        let rss = try response.withUnsafeBufferPointer { y in
            try coefficients.withUnsafeMutableBufferPointer { b in
                try workspace.withUnsafeMutableBufferPointer { try factorization.solve(response: y, coefficients: b, workspace: $0) }
            }
        }
        return (coefficients, rss)
    }

    /// Random designs of 1 to 5 columns (a trend line, a weighted line, a quadratic in t/n, random columns)
    /// and responses spanning many magnitudes: every bit of every coefficient agrees.
    @Test(arguments: [1, 2, 3, 4, 5])
    func bitIdenticalToTheKernel(columns p: Int) throws {
        var generator = SeededGenerator(seed: UInt64(100 + p))
        for n in p...(p + 40) {
            let design: [Double] = (0..<p).flatMap { j in
                (0..<n).map { t -> Double in
                    switch j {
                    case 0: return p == 1 ? generator.uniform(0.5...2) : 1
                    case 1: return Double(t) / Double(n)
                    case 2: return pow(0.7, Double(n - 1 - t)).squareRoot() * Double(t)
                    default: return generator.uniform(-3...3)
                    }
                }
            }
            let factorization = try #require(SmallDesignFactorization(design: design, rows: n, columns: p))
            #expect(factorization.rows == n && factorization.columns == p)
            for _ in 0..<20 {
                let magnitude = pow(10, generator.uniform(-6...9))
                let response = (0..<n).map { _ in magnitude * generator.uniform(-1...1) }
                let (expected, expectedRSS) = try Self.kernel(design, response, rows: n, columns: p)
                let (actual, actualRSS) = try Self.factored(factorization, response)
                #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "n = \(n)")
                #expect(actualRSS.bitPattern == expectedRSS.bitPattern, "n = \(n)")
            }
        }
    }

    @Test func refusesWhatTheKernelDelegatesOrRejects() {
        let t = (0..<6).map(Double.init)
        #expect(SmallDesignFactorization(design: [Double](repeating: 1, count: 6) + t + t.map { $0 * $0 }, rows: 6, columns: 3) != nil)
        #expect(SmallDesignFactorization(design: [Double](repeating: 1, count: 6) + t + t.map { 2 * $0 + 1 }, rows: 6, columns: 3) == nil)
        #expect(SmallDesignFactorization(design: [Double](repeating: 0, count: 6) + t, rows: 6, columns: 2) == nil)
        #expect(SmallDesignFactorization(design: [1, 1, 0, .nan], rows: 2, columns: 2) == nil)
        #expect(SmallDesignFactorization(design: [1, 2], rows: 1, columns: 2) == nil)
        #expect(SmallDesignFactorization(design: [1, 2, 3], rows: 2, columns: 2) == nil)
    }

    @Test func nonFiniteResponsesAreRefusedAsByTheKernel() throws {
        let factorization = try #require(SmallDesignFactorization(design: [1, 1, 1, 0, 1, 2], rows: 3, columns: 2))
        #expect(throws: LinearAlgebraError.nonFiniteInput("response of problem 1")) { try Self.factored(factorization, [1, .infinity, 3]) }
        #expect(throws: LinearAlgebraError.nonFiniteInput("response of problem 1")) {
            try Self.kernel([1, 1, 1, 0, 1, 2], [1, .infinity, 3], rows: 3, columns: 2)
        }
    }
}
