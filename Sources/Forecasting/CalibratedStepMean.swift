import Foundation

extension CalibratedStep {
    /// The expectation on the data's scale, in closed form (no quadrature, no sampling).
    ///
    /// Let h(w) be the data-scale value at standard error w (``working(atError:)``, then
    /// ``dataValue(_:)``). V is ±|V| with equal probability, so `E h(V) = ½ Σ± ∫₀¹ h(±Q(q)) dq` with Q
    /// the quantile function of |V| (``PooledErrorLaw``):
    /// - Q is linear from 0 at q = 0 to the first knot and between consecutive knots, so each such
    ///   piece contributes `(Δq / Δv) ∫ h(±v) dv` over its range of v (`Δq · h` where two knots are equal);
    /// - beyond the last knot `Q(q) = v_K − θ log((1 − q)/(1 − q_K))`, so the tail contributes
    ///   `((1 − q_K)/θ) ∫_{v_K}^∞ h(±v) e^{−(v − v_K)/θ} dv`.
    ///
    /// Between its breakpoints — where the working value reaches ``lowest`` or ``highest`` and where the
    /// support cuts it (0 for non-negative values, 1 for counts on `y + 1`) — h is a constant,
    /// `a + point · e^{spread·w}` (multiplicative) or `a + point + spread·w` (additive), so every
    /// integral is elementary. The 200-point midpoint rule used before was off by up to 3 % on heavy-tailed
    /// steps (it never reaches beyond the last knot's probability); this is exact up to rounding.
    ///
    /// Cost: one `expm1` per knot (the exponentials at the knots are carried from one piece to the next);
    /// only the few pieces that hold a breakpoint, and the two tails, take the general path.
    public var mean: Double {
        guard spread > 0 else { return dataValue(working(atError: 0)) }
        let knots = law.knots, count = knots.count
        let breaks = breakpoints()
        let bounds = regionBounds()
        var total = 0.0
        var lowerProbability = 0.0, lowerError = 0.0
        // e^{spread · lowerError}, carried across the pieces (multiplicative steps only).
        var growthAtLower = 1.0
        for (index, knot) in knots.enumerated() {
            let probability = (Double(index) + 0.5) / Double(count)
            let mass = probability - lowerProbability
            let width = knot - lowerError
            if width > 0 {
                let g = multiplicative ? expm1(spread * width) : 0
                // w ∈ [lowerError, knot] and w ∈ [−knot, −lowerError]; ∫ e^{spread·w} dw over each.
                let upper = piece(from: lowerError, to: knot, breaks: breaks, bounds: bounds) { growthAtLower * g / spread }
                let lower = piece(from: -knot, to: -lowerError, breaks: breaks, bounds: bounds) { g / (1 + g) / growthAtLower / spread }
                total += mass / width * (upper + lower)
                if multiplicative { growthAtLower *= 1 + g }
            } else {
                total += mass * (dataValue(working(atError: knot)) + dataValue(working(atError: -knot)))
            }
            lowerProbability = probability
            lowerError = knot
        }
        let tailMass = 1 - lowerProbability, theta = law.tailScale
        total += tailMass / theta * integral(from: lowerError, to: .infinity, rate: -1 / theta, anchor: lowerError, breaks: breaks)
        total += tailMass / theta * integral(from: -.infinity, to: -lowerError, rate: 1 / theta, anchor: -lowerError, breaks: breaks)
        return total / 2
    }

    /// The errors at which the working value reaches ``lowest`` and ``highest`` and at which the support
    /// cuts it (−∞ / +∞ where there is no such point).
    private func regionBounds() -> (lowest: Double, highest: Double, cut: Double) {
        func error(at z: Double) -> Double {
            if multiplicative { return z > 0 ? log(z / point) / spread : -.infinity }
            return (z - point) / spread
        }
        let cut: Double = support == .nonNegative ? 0 : support == .count ? 1 : -.infinity
        return (lowest.isFinite ? error(at: lowest) : -.infinity, highest.isFinite ? error(at: highest) : .infinity,
                cut.isFinite ? error(at: cut) : -.infinity)
    }

    /// `∫_low^high h(w) dw` over a finite piece of the body; `exponentialIntegral` gives `∫ e^{spread·w} dw`
    /// over it (multiplicative steps), evaluated only when the piece lies where h is `point · e^{spread·w} + shift`.
    @inline(__always)
    private func piece(from low: Double, to high: Double, breaks: [Double],
                       bounds: (lowest: Double, highest: Double, cut: Double), exponentialIntegral: () -> Double) -> Double {
        let width = high - low
        if breaks.contains(where: { $0 > low && $0 < high }) {
            return integral(from: low, to: high, rate: 0, anchor: 0, breaks: breaks)
        }
        if high <= bounds.lowest { return dataValue(lowest) * width }
        if low >= bounds.highest { return dataValue(highest) * width }
        if high <= bounds.cut { return 0 }
        let shift = support == .count ? -1.0 : 0.0
        if multiplicative { return point * exponentialIntegral() + shift * width }
        return (point + spread * (low + high) / 2 + shift) * width
    }

    /// The errors w at which h changes form: the working value at ``lowest``, ``highest`` and the
    /// support's cut, increasing (w is increasing in the working value).
    private func breakpoints() -> [Double] {
        var values = [lowest, highest]
        switch support {
        case .real: break
        case .nonNegative: values.append(0)
        case .count: values.append(1)
        }
        return values.compactMap { z -> Double? in
            guard z.isFinite else { return nil }
            if multiplicative { return z > 0 ? log(z / point) / spread : nil }
            return (z - point) / spread
        }.filter(\.isFinite).sorted()
    }

    /// `∫_low^high h(w) e^{rate (w − anchor)} dw`; `low` may be −∞ only with rate > 0, `high` +∞ only
    /// with rate < 0.
    private func integral(from low: Double, to high: Double, rate: Double, anchor: Double, breaks: [Double]) -> Double {
        var edges = [low]
        edges += breaks.filter { $0 > low && $0 < high }
        edges.append(high)
        var total = 0.0
        for (start, end) in zip(edges, edges.dropFirst()) where end > start {
            total += segmentIntegral(from: start, to: end, rate: rate, anchor: anchor)
        }
        return total
    }

    /// The integral of ``integral(from:to:rate:anchor:breaks:)`` on one segment, where h has one form.
    private func segmentIntegral(from low: Double, to high: Double, rate: Double, anchor: Double) -> Double {
        let inside = low.isFinite ? (high.isFinite ? (low + high) / 2 : low + 1) : high - 1
        let raw = multiplicative ? point * exp(spread * inside) : point + spread * inside
        let cut = support == .nonNegative ? 0.0 : support == .count ? 1.0 : -Double.infinity
        let weight = { (w: Double) in rate * (w - anchor) }
        // A constant: the working value held at a bound, or below the support's cut (the value is 0).
        if raw <= lowest || raw >= highest || raw <= cut {
            let value = dataValue(working(atError: inside))
            return value == 0 ? 0 : value * Self.exponentialIntegral(slope: rate, from: low, to: high, exponent: weight)
        }
        // h = raw + shift: −1 for a count (y + 1 → y), 0 otherwise.
        let shift = support == .count ? -1.0 : 0.0
        let constantPart = shift == 0 ? 0 : shift * Self.exponentialIntegral(slope: rate, from: low, to: high, exponent: weight)
        if multiplicative {
            let logPoint = log(point)
            return constantPart + Self.exponentialIntegral(slope: spread + rate, from: low, to: high) {
                logPoint + spread * $0 + weight($0)
            }
        }
        // point + spread · w = (point + spread · top) + spread · (w − top), top the end where the weight is largest.
        let top = rate > 0 ? high : low
        let level = (point + spread * top) * Self.exponentialIntegral(slope: rate, from: low, to: high, exponent: weight)
        return constantPart + level + spread * exp(weight(top)) * Self.offsetIntegral(rate: rate, length: high - low)
    }

    /// `∫_low^high e^{g(w)} dw` for `g` linear with slope `c`, evaluated from the end where g is largest
    /// (finite whenever the integral converges), so no factor overflows or vanishes against another.
    private static func exponentialIntegral(slope c: Double, from low: Double, to high: Double,
                                            exponent g: (Double) -> Double) -> Double {
        let length = high - low
        if c == 0 { return length * exp(g(low.isFinite ? low : high)) }
        let top = c > 0 ? high : low
        let scale = length.isFinite ? -expm1(-abs(c) * length) / abs(c) : 1 / abs(c)
        return exp(g(top)) * scale
    }

    /// `∫ (w − top) e^{c (w − top)} dw` over a segment of `length` whose end `top` is where the
    /// exponential is largest (the upper end when c > 0, else the lower end).
    private static func offsetIntegral(rate c: Double, length: Double) -> Double {
        if c == 0 { return length * length / 2 }
        // With q = |c| and y the distance from top: ±∫_0^L y e^{−q y} dy = ±(1 − e^{−qL}(1 + qL)) / q².
        let q = abs(c), sign = c > 0 ? -1.0 : 1.0
        if !length.isFinite { return sign / (q * q) }
        let z = q * length
        let value = z < 1e-3 ? length * length * (0.5 - z / 3 + z * z / 8 - z * z * z / 30)
                             : (1 - exp(-z) * (1 + z)) / (q * q)
        return sign * value
    }
}
