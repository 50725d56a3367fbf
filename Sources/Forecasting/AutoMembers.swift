import Foundation

/// The eight members of the ``AutoModel`` pool, in their fixed order (which is also the tie-break
/// order everywhere). Each is a point forecaster on gap-free values `y₀ … y_{n−1}` with time index
/// `t = 0 … n−1`; step k forecasts time `n − 1 + k`.
public enum AutoMember: String, Sendable, CaseIterable, Comparable {
    /// Last value carried forward.
    case naive
    /// Random walk with drift `(y_{n−1} − y₀)/(n − 1)`.
    case drift
    /// SES on `y − c·t` with c the least-squares slope of y on `[1, t]`, slope added back; α from 0.05…1.00.
    case sesDrift = "ses-drift"
    /// SES on `y − d·t` with the random-walk drift d and α fixed at 0.7.
    case sesDriftFixed = "ses-drift-fixed"
    /// Holt's linear trend, α and β by squared one-step error over a 7 × 5 grid.
    case holt
    /// Local linear trend by exponentially weighted least squares, decay 0.7.
    case local
    /// Theta method with θ = 5 on log values (raw values if any is ≤ 0), median back-transform.
    case thetaLog = "theta5-log"
    /// Global quadratic trend by least squares on `[1, u, u²]`, u = t/n.
    case quadratic

    /// Smallest number of observations the member needs.
    public var minimumLength: Int {
        switch self {
        case .naive: return 1
        case .drift, .sesDriftFixed: return 2
        case .sesDrift, .holt, .local, .thetaLog: return 3
        case .quadratic: return 4
        }
    }

    /// Position in the pool (the tie-break order).
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: AutoMember, rhs: AutoMember) -> Bool { lhs.order < rhs.order }

    /// Point forecasts for steps 1 … h.
    func forecast(_ y: [Double], horizon h: Int) -> [Double] {
        let n = y.count
        let last = y[n - 1]
        let steps = (1...h).map(Double.init)
        switch self {
        case .naive:
            return [Double](repeating: last, count: h)
        case .drift:
            let drift = (last - y[0]) / Double(n - 1)
            return steps.map { last + $0 * drift }
        case .sesDrift:
            return Self.sesWithDrift(y, drift: SmoothingKernels.line(y).slope, alphas: SmoothingKernels.sesAlphas, steps: steps)
        case .sesDriftFixed:
            return Self.sesWithDrift(y, drift: (last - y[0]) / Double(n - 1), alphas: [0.7], steps: steps)
        case .holt:
            let fit = SmoothingKernels.holt(y, phis: [1])
            return steps.map { fit.level + $0 * fit.trend }
        case .local:
            let s = (0..<n).map { Double($0 - (n - 1)) }
            let weights = s.map { pow(0.7, -$0) }
            let b = SmallFit.coefficients(columns: [[Double](repeating: 1, count: n), s], response: y, weights: weights)
            return steps.map { b[0] + b[1] * $0 }
        case .thetaLog:
            if y.allSatisfy({ $0 > 0 }) {
                return Self.theta(y.map { log($0) }, theta: 5, steps: steps).map { exp($0) }
            }
            return Self.theta(y, theta: 5, steps: steps)
        case .quadratic:
            let u = (0..<n).map { Double($0) / Double(n) }
            let b = SmallFit.coefficients(columns: [[Double](repeating: 1, count: n), u, u.map { $0 * $0 }], response: y)
            return steps.map { k in
                let uk = (Double(n - 1) + k) / Double(n)
                return b[0] + b[1] * uk + b[2] * uk * uk
            }
        }
    }

    /// SES on the detrended series `y_t − drift·t`, drift added back: `l + drift·(n − 1 + k)`.
    static func sesWithDrift(_ y: [Double], drift: Double, alphas: [Double], steps: [Double]) -> [Double] {
        let z = y.enumerated().map { $0.element - drift * Double($0.offset) }
        let level = SmoothingKernels.ses(z, alphas: alphas).level
        let n = Double(y.count)
        return steps.map { level + drift * (n - 1 + $0) }
    }

    /// Theta method: least-squares line `L_t`, theta line `θ y − (θ − 1) L`, SES on it (α from the grid),
    /// forecast `(l + (θ − 1) L_{n−1+k}) / θ`.
    static func theta(_ y: [Double], theta: Double, steps: [Double]) -> [Double] {
        let line = SmoothingKernels.line(y)
        let z = y.enumerated().map { theta * $0.element - (theta - 1) * (line.intercept + line.slope * Double($0.offset)) }
        let level = SmoothingKernels.ses(z, alphas: SmoothingKernels.sesAlphas).level
        let n = Double(y.count)
        return steps.map { (level + (theta - 1) * (line.intercept + line.slope * (n - 1 + $0))) / theta }
    }
}
