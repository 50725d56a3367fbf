import Foundation

/// How a least-squares problem was (or is to be) solved.
public enum LeastSquaresMethod: String, Sendable, Codable, CaseIterable {
    /// Householder QR (blocked tall-skinny `dgeqrt` + `dtpqrt`, Q applied by `dgemqrt`/`dtpmqrt`,
    /// then `dtrtrs`): used when the equilibrated design has full column rank.
    case householderQR = "qr"
    /// Minimum-norm solution by divide-and-conquer SVD (`dgelsd`): used when the design is rank
    /// deficient (or when asked for).
    case svd = "svd"
}

/// When to apply one step of iterative refinement with a doubled-precision residual.
public enum RefinementPolicy: String, Sendable, Codable {
    /// Refine when the equilibrated condition number is at least ``LeastSquaresOptions/refinementConditionThreshold``
    /// or the problem is small (`rows · columns · rightHandSides ≤ 50 000`), where it costs nothing noticeable.
    case automatic
    /// Always refine (QR path only).
    case always
    /// Never refine.
    case never
}

/// Settings of ``LeastSquares/solve(design:responses:weights:options:)``.
public struct LeastSquaresOptions: Sendable, Equatable {
    /// Relative tolerance for numerical rank: a singular value σᵢ of the column-equilibrated
    /// (weighted) design counts when `σᵢ > rankTolerance · σ₁`. `nil` means the default
    /// `max(rows, columns) · ε` with ε = 2.22e-16 (the convention of numpy's `matrix_rank` and MATLAB's `rank`).
    public var rankTolerance: Double?
    /// Force a method; `nil` chooses QR for full-rank designs and SVD otherwise.
    public var method: LeastSquaresMethod?
    /// When to refine the QR solution.
    public var refinement: RefinementPolicy
    /// Equilibrated condition number from which ``RefinementPolicy/automatic`` refines.
    public var refinementConditionThreshold: Double

    /// Options with the documented defaults.
    public init(rankTolerance: Double? = nil, method: LeastSquaresMethod? = nil,
                refinement: RefinementPolicy = .automatic, refinementConditionThreshold: Double = 1e4) {
        self.rankTolerance = rankTolerance
        self.method = method
        self.refinement = refinement
        self.refinementConditionThreshold = refinementConditionThreshold
    }
}

/// The solution of `min ‖W^½ (X B − Y)‖` for one design `X` (n × p) and k right-hand sides `Y` (n × k).
///
/// Immutable. Coefficients are in the units of the original columns (the column equilibration used
/// internally is undone). `unscaledCovariance` is `(XᵀWX)⁻¹` (or its pseudo-inverse when rank
/// deficient); multiply it by σ² to get the covariance of the coefficients. Its entries can exceed
/// the range of doubles when columns are extremely small (values near 1e-160 have variances near
/// 1e320); ``equilibratedUnscaledCovariance`` and ``columnScales`` hold the same matrix without
/// overflow, and standard errors should be formed from them.
public struct LeastSquaresSolution: Sendable, Equatable {
    /// Coefficients, p × k: column `c` solves right-hand side `c`.
    public let coefficients: Matrix
    /// Weighted residual sum of squares per right-hand side.
    public let residualSumOfSquares: [Double]
    /// Numerical rank of the equilibrated design.
    public let rank: Int
    /// The relative tolerance used to decide the rank.
    public let rankTolerance: Double
    /// 2-norm condition number σ₁/σₚ of the (weighted) design as given, as statsmodels reports it;
    /// `infinity` when rank deficient.
    public let conditionNumber: Double
    /// 2-norm condition number after scaling every column to unit length: the figure that governs
    /// the accuracy of the solution.
    public let equilibratedConditionNumber: Double
    /// Singular values of the equilibrated design, descending.
    public let equilibratedSingularValues: [Double]
    /// The method actually used.
    public let method: LeastSquaresMethod
    /// Whether one step of iterative refinement was applied.
    public let refined: Bool
    /// `(XᵀWX)⁻¹`, p × p, or the pseudo-inverse restricted to the numerical range when rank deficient.
    public let unscaledCovariance: Matrix
    /// The powers of two S that equilibrate the (weighted) design's columns, one per column.
    public let columnScales: [Double]
    /// `S · unscaledCovariance · S`: the unscaled covariance of the equilibrated design's coefficients,
    /// of order one whatever the columns' scales. The variance of coefficient j is
    /// `σ² · equilibratedUnscaledCovariance[j, j] / columnScales[j]²`.
    public let equilibratedUnscaledCovariance: Matrix
    /// Number of observations n.
    public let observationCount: Int
    /// Number of columns p.
    public let parameterCount: Int

    /// True when the design has full column rank.
    public var isFullRank: Bool { rank == parameterCount }

    /// Whether right-hand side `c` is fitted exactly to working precision: its residuals are at the
    /// rounding level of its fitted values, `‖r‖ ≤ 16 √(n p) ε ‖S b‖` (S: the ``columnScales``, the
    /// columns' norms to within √2, so that ‖S b‖ is about the norm of the fitted values). Its residual
    /// sum of squares is then rounding noise, not a measure of fit. Judged on demand (a batch of
    /// hundreds of thousands of series need not pay for it).
    public func fitsExactly(_ c: Int) -> Bool {
        let n = Double(observationCount), p = Double(parameterCount), epsilon = Double.ulpOfOne
        var size = 0.0
        for j in 0..<parameterCount {
            let term = coefficients[j, c] * columnScales[j]
            size += term * term
        }
        return residualSumOfSquares[c] <= 256 * n * p * epsilon * epsilon * size
    }
}
