/// Errors raised by the least-squares and regression layer.
///
/// Conditioning problems (rank deficiency, a large condition number) are not errors:
/// they are reported in the result's diagnostics, as statsmodels does.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operands do not fit together (message says how).
    case dimensionMismatch(String)
    /// An input contains NaN or infinity; the message names the argument and the position.
    case nonFiniteInput(String)
    /// A weight is zero, negative or not finite; `index` is zero-based.
    case invalidWeight(index: Int, value: Double)
    /// Fewer observations than the model has parameters.
    case tooFewObservations(observations: Int, parameters: Int)
    /// A dimension does not fit LAPACK's 32-bit integers.
    case dimensionTooLarge(Int)
    /// LAPACK reported failure: routine name and its `info` code.
    case lapackFailure(routine: String, info: Int32)

    public var description: String {
        switch self {
        case .dimensionMismatch(let message):
            return "dimension mismatch: \(message)"
        case .nonFiniteInput(let message):
            return "input is not finite: \(message)"
        case .invalidWeight(let index, let value):
            return "weight \(index + 1) is \(value); weights must be positive and finite"
        case .tooFewObservations(let observations, let parameters):
            return "\(observations) observations cannot estimate \(parameters) parameters "
                + "(need at least as many observations as parameters)"
        case .dimensionTooLarge(let value):
            return "dimension \(value) exceeds LAPACK's 32-bit integer range"
        case .lapackFailure(let routine, let info):
            return "LAPACK \(routine) failed with info = \(info)"
        }
    }
}
