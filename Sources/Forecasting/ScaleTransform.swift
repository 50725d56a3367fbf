import Foundation

/// A monotone increasing map from a model's working scale to the data's scale.
public enum ScaleTransform: Sendable, Equatable {
    /// The model works on the data's scale.
    case identity
    /// The model works on `log y`: `y = exp(z)`.
    case exponential
    /// A logistic curve with ceiling `cap`: `z = log(y / (cap − y))`, `y = cap / (1 + e^(−z))`.
    case logistic(cap: Double)
    /// A Gompertz curve with ceiling `cap`: `z = −log(−log(y / cap))`, `y = cap · exp(−e^(−z))`.
    case gompertz(cap: Double)

    /// Maps a working-scale value to the data's scale.
    public func apply(_ z: Double) -> Double {
        switch self {
        case .identity: return z
        case .exponential: return exp(z)
        case .logistic(let cap): return cap / (1 + exp(-z))
        case .gompertz(let cap): return cap * exp(-exp(-z))
        }
    }

    /// Maps a data value to the working scale (NaN outside the transform's domain).
    public func inverse(_ y: Double) -> Double {
        switch self {
        case .identity: return y
        case .exponential: return y > 0 ? log(y) : .nan
        case .logistic(let cap): return y > 0 && y < cap ? log(y / (cap - y)) : .nan
        case .gompertz(let cap): return y > 0 && y < cap ? -log(-log(y / cap)) : .nan
        }
    }
}

/// Gauss–Hermite quadrature for expectations of a function of a normal variable.
enum GaussHermite {
    /// Nodes and weights of the 20-point rule for ∫ e^(−x²) f(x) dx (Golub–Welsch, computed once).
    static let rule: (nodes: [Double], weights: [Double]) = {
        let n = 20
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<((n + 1) / 2) {
            var x = i == 0 ? (2 * Double(n) + 1).squareRoot() - 1.85575 * pow(2 * Double(n) + 1, -1.0 / 6)
                : i == 1 ? nodes[0] - 1.14 * pow(Double(n), 0.426) / nodes[0]
                : i == 2 ? 1.86 * nodes[1] - 0.86 * nodes[0]
                : i == 3 ? 1.91 * nodes[2] - 0.91 * nodes[1]
                : 2 * nodes[i - 1] - nodes[i - 2]
            var derivative = 0.0
            for _ in 0..<100 {
                var p1 = pow(Double.pi, -0.25), p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = x * (2 / Double(j)).squareRoot() * p2 - (Double(j - 1) / Double(j)).squareRoot() * p3
                }
                derivative = (2 * Double(n)).squareRoot() * p2
                let step = p1 / derivative
                x -= step
                if abs(step) <= 1e-15 * max(1, abs(x)) { break }
            }
            nodes[i] = x
            nodes[n - 1 - i] = -x
            weights[i] = 2 / (derivative * derivative)
            weights[n - 1 - i] = weights[i]
        }
        return (nodes, weights)
    }()

    /// `E f(location + scale · Z)` for a standard normal Z.
    static func expectation(location: Double, scale: Double, of f: (Double) -> Double) -> Double {
        guard scale > 0 else { return f(location) }
        var sum = 0.0
        for (x, w) in zip(rule.nodes, rule.weights) { sum += w * f(location + scale * 2.0.squareRoot() * x) }
        return sum / Double.pi.squareRoot()
    }
}
