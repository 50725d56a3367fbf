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
        var result = [Double](repeating: 0, count: h)
        y.withUnsafeBufferPointer { values in
            result.withUnsafeMutableBufferPointer { output in forecast(values, into: output) }
        }
        return result
    }

    /// Point forecasts of the series `y` (at least ``minimumLength`` values) for steps 1 … `output.count`,
    /// written to `output`. Allocates nothing on the heap for series of ordinary length.
    func forecast(_ y: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        let n = y.count
        let last = y[n - 1]
        switch self {
        case .naive:
            for step in output.indices { output[step] = last }
        case .drift:
            let drift = (last - y[0]) / Double(n - 1)
            for step in output.indices { output[step] = last + Double(step + 1) * drift }
        case .sesDrift:
            Self.sesWithDrift(y, drift: SmoothingKernels.line(y).slope, alphas: SmoothingKernels.sesAlphas, into: output)
        case .sesDriftFixed:
            Self.sesWithDrift(y, drift: (last - y[0]) / Double(n - 1), alphas: [0.7], into: output)
        case .holt:
            SmoothingKernels.holtGrid(y, phis: [1], prefixes: n...n) { _, fit in Self.holtForecast(fit, into: output) }
        case .local:
            Self.local(y, into: output)
        case .thetaLog:
            var positive = true
            for value in y where !(value > 0) { positive = false; break }
            guard positive else {
                Self.theta(y, theta: 5, into: output)
                return
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { logs in
                for t in 0..<n { logs[t] = log(y[t]) }
                Self.theta(UnsafeBufferPointer(logs), theta: 5, into: output)
            }
            for step in output.indices { output[step] = exp(output[step]) }
        case .quadratic:
            Self.quadratic(y, into: output)
        }
    }

    /// Holt's linear-trend forecast `l + k·b` for k = 1 … `output.count`.
    static func holtForecast(_ fit: SmoothingKernels.HoltState, into output: UnsafeMutableBufferPointer<Double>) {
        for step in output.indices { output[step] = fit.level + Double(step + 1) * fit.trend }
    }

    /// SES on the detrended series `y_t − drift·t`, drift added back: `l + drift·(n − 1 + k)`.
    static func sesWithDrift(_ y: UnsafeBufferPointer<Double>, drift: Double, alphas: [Double],
                             into output: UnsafeMutableBufferPointer<Double>) {
        let count = y.count
        let level = withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { z in
            for t in 0..<count { z[t] = y[t] - drift * Double(t) }
            return SmoothingKernels.ses(UnsafeBufferPointer(z), alphas: alphas).level
        }
        let n = Double(count)
        for step in output.indices { output[step] = level + drift * (n - 1 + Double(step + 1)) }
    }

    /// Theta method: least-squares line `L_t`, theta line `θ y − (θ − 1) L`, SES on it (α from the grid),
    /// forecast `(l + (θ − 1) L_{n−1+k}) / θ`.
    static func theta(_ y: UnsafeBufferPointer<Double>, theta: Double, into output: UnsafeMutableBufferPointer<Double>) {
        let count = y.count
        let line = SmoothingKernels.line(y)
        let level = withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { z in
            for t in 0..<count { z[t] = theta * y[t] - (theta - 1) * (line.intercept + line.slope * Double(t)) }
            return SmoothingKernels.ses(UnsafeBufferPointer(z), alphas: SmoothingKernels.sesAlphas).level
        }
        let n = Double(count)
        for step in output.indices {
            output[step] = (level + (theta - 1) * (line.intercept + line.slope * (n - 1 + Double(step + 1)))) / theta
        }
    }

    /// Square roots of the local member's weights `0.7ʲ` (j years before the last point), for the
    /// usual lengths; longer series compute them on the fly.
    private static let localRootWeights: [Double] = (0..<128).map { pow(0.7, Double($0)).squareRoot() }

    /// Local linear trend: weighted least squares of y on `[1, s]`, `s = t − (n − 1)`, weights `0.7^(−s)`;
    /// forecast `b₀ + b₁ k`.
    static func local(_ y: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        let n = y.count
        let b = withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { storage in
            localDesign(into: storage, rows: n)
            for t in 0..<n { storage[2 * n + t] = y[t] * storage[t] }
            let response = UnsafeBufferPointer(rebasing: storage[(2 * n)...])
            if let b = SmallFit.localDesigns.coefficients(response: response) { return b }
            return SmallFit.coefficients(design: UnsafeBufferPointer(rebasing: storage[0..<(2 * n)]),
                                         response: response, rows: n, columns: 2)
        }
        for step in output.indices { output[step] = b.0 + b.1 * Double(step + 1) }
    }

    /// The local member's design `[w, s·w]`, w the square root of the weight `0.7^(−s)`, s = t − (n − 1),
    /// column-major into the first 2n values of `design`.
    static func localDesign(into design: UnsafeMutableBufferPointer<Double>, rows n: Int) {
        for t in 0..<n {
            let s = Double(t - (n - 1))
            let root = n - 1 - t < localRootWeights.count ? localRootWeights[n - 1 - t] : pow(0.7, -s).squareRoot()
            design[t] = root
            design[n + t] = s * root
        }
    }

    /// Global quadratic trend on `[1, u, u²]`, u = t/n; forecast at `u = (n − 1 + k)/n`.
    static func quadratic(_ y: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>) {
        let n = y.count
        let b = SmallFit.quadraticDesigns.coefficients(response: y)
            ?? withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { design in
                quadraticDesign(into: design, rows: n)
                return SmallFit.coefficients(design: UnsafeBufferPointer(design), response: y, rows: n, columns: 3)
            }
        for step in output.indices {
            let uk = (Double(n - 1) + Double(step + 1)) / Double(n)
            output[step] = b.0 + b.1 * uk + b.2 * uk * uk
        }
    }

    /// The quadratic member's design `[1, u, u²]`, u = t/n, column-major into `design` (3n values).
    static func quadraticDesign(into design: UnsafeMutableBufferPointer<Double>, rows n: Int) {
        for t in 0..<n {
            let u = Double(t) / Double(n)
            design[t] = 1
            design[n + t] = u
            design[2 * n + t] = u * u
        }
    }
}
