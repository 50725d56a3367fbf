import Foundation

/// Solutions of many small, independent least-squares problems, each with its own design.
///
/// Stored flat: problem `i` has coefficients `coefficients[i * p ..< (i + 1) * p]`.
public struct IndependentLeastSquaresSolution: Sendable, Equatable {
    /// Number of columns p of every design.
    public let parameterCount: Int
    /// Coefficients of all problems, problem-major (p per problem).
    public let coefficients: [Double]
    /// Residual sum of squares per problem.
    public let residualSumOfSquares: [Double]
    /// Numerical rank per problem.
    public let ranks: [Int]
    /// Indices of the problems that the small-problem kernel handed to ``LeastSquares`` (rank
    /// deficient or ill-conditioned ones).
    public let delegatedProblems: [Int]

    /// The coefficients of problem `index`.
    public func coefficients(ofProblem index: Int) -> ArraySlice<Double> {
        coefficients[(index * parameterCount)..<((index + 1) * parameterCount)]
    }
}

/// Many independent small least-squares problems (for example one trend regression per series,
/// each over its own years), solved without a LAPACK call per problem.
///
/// LAPACK's per-call overhead dominates problems of a dozen rows, so each problem is solved by a
/// Householder QR written for small sizes (`SmallQR`), after exact power-of-two column equilibration;
/// ``SmallDesignFactorization`` keeps the factorization of a design shared by many responses. A problem whose equilibrated R has a diagonal ratio
/// `min |Rⱼⱼ| / max |Rⱼⱼ|` below ``delegationThreshold`` is re-solved by ``LeastSquares/solve(design:responses:weights:options:)``
/// (pivoting-free QR cannot be trusted to decide rank there), so results never degrade silently.
public enum IndependentLeastSquares {
    /// Largest number of columns the small-problem kernel handles.
    public static let maximumColumns = 16
    /// Diagonal ratio of the equilibrated R below which a problem is delegated to the general solver.
    public static let delegationThreshold = 1e-7

    /// Solves `count` problems `min ‖Xᵢ b − yᵢ‖`.
    /// - Parameters:
    ///   - designs: all designs, problem after problem, each n × p column-major (`count · n · p` values).
    ///   - responses: all responses, problem after problem (`count · n` values).
    ///   - n: the number of rows (argument label `rows`), the same for every problem (n ≥ p).
    ///   - p: the number of columns (argument label `columns`), at most ``maximumColumns``.
    /// - Throws: ``LinearAlgebraError`` for inconsistent sizes or non-finite values.
    public static func solve(designs: [Double], responses: [Double], rows n: Int, columns p: Int) throws
        -> IndependentLeastSquaresSolution {
        guard p >= 1, p <= maximumColumns, n >= p else {
            throw LinearAlgebraError.dimensionMismatch("each design must be n × p with 1 ≤ p ≤ \(maximumColumns) and n ≥ p; got \(n) × \(p)")
        }
        guard designs.count % (n * p) == 0, designs.count / (n * p) == responses.count / n, responses.count % n == 0 else {
            throw LinearAlgebraError.dimensionMismatch("\(designs.count) design values and \(responses.count) responses do not describe whole \(n) × \(p) problems")
        }
        let count = responses.count / n
        if let bad = designs.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFiniteInput("design of problem \(bad / (n * p) + 1)")
        }
        if let bad = responses.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFiniteInput("response of problem \(bad / n + 1)")
        }
        var coefficients = [Double](repeating: 0, count: count * p)
        var rss = [Double](repeating: 0, count: count)
        var ranks = [Int](repeating: p, count: count)
        var delegated: [Int] = []
        withUnsafeTemporaryAllocation(of: Double.self, capacity: workspaceCount(rows: n, columns: p)) { scratch in
            let (a, y, factors, x) = partition(scratch, rows: n, columns: p)
            designs.withUnsafeBufferPointer { allDesigns in
                responses.withUnsafeBufferPointer { allResponses in
                    for problem in 0..<count {
                        let designBase = problem * n * p, responseBase = problem * n
                        for index in 0..<(n * p) { a[index] = allDesigns[designBase + index] }
                        for i in 0..<n { y[i] = allResponses[responseBase + i] }
                        if let residual = solveUnrolled(a: a, y: y, factors: factors, x: x, rows: n, columns: p) {
                            for j in 0..<p { coefficients[problem * p + j] = x[j] }
                            rss[problem] = residual
                        } else {
                            delegated.append(problem)
                        }
                    }
                }
            }
        }
        for problem in delegated {
            let design = try Matrix(rows: n, columns: p,
                                    columnMajor: Array(designs[(problem * n * p)..<((problem + 1) * n * p)]))
            let response = Matrix(column: Array(responses[(problem * n)..<((problem + 1) * n)]))
            let solution = try LeastSquares.solve(design: design, responses: response)
            for j in 0..<p { coefficients[problem * p + j] = solution.coefficients[j, 0] }
            rss[problem] = solution.residualSumOfSquares[0]
            ranks[problem] = solution.rank
        }
        return IndependentLeastSquaresSolution(parameterCount: p, coefficients: coefficients,
                                               residualSumOfSquares: rss, ranks: ranks, delegatedProblems: delegated)
    }

    /// Size of the `workspace` that ``solve(design:response:rows:columns:coefficients:workspace:)``
    /// needs for an n × p problem: `n·p + n + 4p` values.
    public static func workspaceCount(rows n: Int, columns p: Int) -> Int { n * p + n + 4 * p }

    /// The workspace cut into the design's copy (n·p), the response's (n), the factorization's
    /// per-column numbers (3p: `SmallQR`) and the solution (p).
    private static func partition(_ workspace: UnsafeMutableBufferPointer<Double>, rows n: Int, columns p: Int)
        -> (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>,
            UnsafeMutableBufferPointer<Double>) {
        (UnsafeMutableBufferPointer(rebasing: workspace[0..<(n * p)]),
         UnsafeMutableBufferPointer(rebasing: workspace[(n * p)..<(n * p + n)]),
         UnsafeMutableBufferPointer(rebasing: workspace[(n * p + n)..<(n * p + n + 3 * p)]),
         UnsafeMutableBufferPointer(rebasing: workspace[(n * p + n + 3 * p)..<(n * p + n + 4 * p)]))
    }

    /// Solves one problem `min ‖X b − y‖` in caller-provided storage, with no allocation unless the
    /// problem is delegated to ``LeastSquares``. The arithmetic is exactly that of one problem of
    /// ``solve(designs:responses:rows:columns:)``, so both give bit-identical coefficients.
    /// - Parameters:
    ///   - design: X, n × p column-major (read only).
    ///   - response: y, n values (read only).
    ///   - n: the number of rows (argument label `rows`), n ≥ p.
    ///   - p: the number of columns (argument label `columns`), at most ``maximumColumns``.
    ///   - coefficients: receives b (at least p values).
    ///   - workspace: scratch of at least ``workspaceCount(rows:columns:)`` values; its contents on
    ///     return are unspecified.
    /// - Returns: the residual sum of squares.
    /// - Throws: ``LinearAlgebraError`` for inconsistent sizes or non-finite values.
    public static func solve(design: UnsafeBufferPointer<Double>, response: UnsafeBufferPointer<Double>,
                             rows n: Int, columns p: Int, coefficients: UnsafeMutableBufferPointer<Double>,
                             workspace: UnsafeMutableBufferPointer<Double>) throws -> Double {
        guard p >= 1, p <= maximumColumns, n >= p else {
            throw LinearAlgebraError.dimensionMismatch("each design must be n × p with 1 ≤ p ≤ \(maximumColumns) and n ≥ p; got \(n) × \(p)")
        }
        guard design.count >= n * p, response.count >= n, coefficients.count >= p,
              workspace.count >= workspaceCount(rows: n, columns: p) else {
            throw LinearAlgebraError.dimensionMismatch("buffers too small for one \(n) × \(p) problem")
        }
        for index in 0..<(n * p) where !design[index].isFinite {
            throw LinearAlgebraError.nonFiniteInput("design of problem 1")
        }
        for i in 0..<n where !response[i].isFinite {
            throw LinearAlgebraError.nonFiniteInput("response of problem 1")
        }
        let (a, y, factors, x) = partition(workspace, rows: n, columns: p)
        for index in 0..<(n * p) { a[index] = design[index] }
        for i in 0..<n { y[i] = response[i] }
        if let residual = solveUnrolled(a: a, y: y, factors: factors, x: x, rows: n, columns: p) {
            for j in 0..<p { coefficients[j] = x[j] }
            return residual
        }
        let matrix = try Matrix(rows: n, columns: p, columnMajor: Array(design[0..<(n * p)]))
        let solution = try LeastSquares.solve(design: matrix, responses: Matrix(column: Array(response[0..<n])))
        for j in 0..<p { coefficients[j] = solution.coefficients[j, 0] }
        return solution.residualSumOfSquares[0]
    }

    /// `SmallQR` (factor, then solve) with the column count a constant for p = 2 and 3, which lets the
    /// compiler unroll the common trend designs; the operations and their order are the same for every p.
    /// Returns the residual sum of squares with the solution in `x`, or `nil` when the problem must be delegated.
    @inline(__always)
    private static func solveUnrolled(a: UnsafeMutableBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>,
                                      factors: UnsafeMutableBufferPointer<Double>, x: UnsafeMutableBufferPointer<Double>,
                                      rows n: Int, columns p: Int) -> Double? {
        switch p {
        case 2:
            guard SmallQR.factor(a: a, factors: factors, rows: n, columns: 2) else { return nil }
            return SmallQR.solve(a: UnsafeBufferPointer(a), factors: UnsafeBufferPointer(factors), y: y, x: x, rows: n, columns: 2)
        case 3:
            guard SmallQR.factor(a: a, factors: factors, rows: n, columns: 3) else { return nil }
            return SmallQR.solve(a: UnsafeBufferPointer(a), factors: UnsafeBufferPointer(factors), y: y, x: x, rows: n, columns: 3)
        default:
            guard SmallQR.factor(a: a, factors: factors, rows: n, columns: p) else { return nil }
            return SmallQR.solve(a: UnsafeBufferPointer(a), factors: UnsafeBufferPointer(factors), y: y, x: x, rows: n, columns: p)
        }
    }
}
