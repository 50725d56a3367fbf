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
    /// The values of response `index` (zero-based) are too large (`tooLarge`) or too small for their sum
    /// of squares to be a double: the residual and total sums of squares of the fit could not be formed.
    case responseOutOfRange(index: Int, tooLarge: Bool)
    /// The values of design column `column` (zero-based) are so large (2-norm above 1e300) that the
    /// arithmetic of the fit would overflow.
    case designOutOfRange(column: Int)
    /// The coefficient of design column `column` (zero-based) would exceed the largest double: the
    /// column's values are too small for the response's scale.
    case coefficientOutOfRange(column: Int)
    /// LAPACK reported failure: routine name and its `info` code. A positive code is a numerical
    /// outcome (a singular triangle, no convergence); a negative one means argument `-info` was illegal,
    /// which only a defect of sunan can cause (see ``isInternalFailure``).
    case lapackFailure(routine: String, info: Int32)

    /// Whether the error is sunan's fault rather than the input's: LAPACK rejected an argument
    /// (`info < 0`). Callers report it as an internal failure, not as bad input.
    public var isInternalFailure: Bool {
        if case .lapackFailure(_, let info) = self { return info < 0 }
        return false
    }

    /// A plain sentence saying what failed.
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
        case .responseOutOfRange(let index, true):
            return "the values of response \(index + 1) are too large: the sum of their squares exceeds the largest "
                + "double (about 1.8e308); divide them by a power of ten such as 1e150 and scale the results back"
        case .responseOutOfRange(let index, false):
            return "the values of response \(index + 1) are too small: the sum of their squares is below the smallest "
                + "normal double (about 2.2e-308) though they are not all zero; multiply them by a power of ten such as 1e150"
        case .designOutOfRange(let column):
            return "the values of design column \(column + 1) are too large (their 2-norm exceeds 1e300); "
                + "divide the column by a power of ten and scale its coefficient back"
        case .coefficientOutOfRange(let column):
            return "the coefficient of design column \(column + 1) would exceed the largest double (about 1.8e308): "
                + "the column's values are too small for the response's; multiply the column by a power of ten"
        case .lapackFailure(let routine, let info) where info < 0:
            return "LAPACK \(routine) rejected its argument \(-info) (info = \(info))"
        case .lapackFailure(let routine, let info):
            return "LAPACK \(routine) failed with info = \(info)"
        }
    }
}
