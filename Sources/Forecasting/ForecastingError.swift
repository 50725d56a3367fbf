import LinearAlgebra

/// Why a model could not be fitted to a series, or a forecast could not be made.
///
/// These are per-series outcomes, not crashes: batch forecasting records them and goes on.
public enum ForecastingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The series itself is malformed (lengths, order, non-finite values).
    case invalidSeries(String)
    /// Too few observations for the model.
    case tooShort(model: String, needed: Int, got: Int)
    /// A log-scale model (log-linear, log Theta, logistic or Gompertz) met a zero or negative value.
    case notPositive(model: String)
    /// The model needs consecutive years and the series has gaps.
    case hasGaps(model: String)
    /// The data cannot identify a parameter (for example a saturation ceiling).
    case notIdentified(model: String, reason: String)
    /// A setting is out of range (horizon, level, ceiling).
    case invalidSetting(String)
    /// The least-squares core failed (message from it).
    case numerical(String)
    /// The computation failed through a defect of sunan, not of the series (LAPACK rejected an
    /// argument; message from the core). Not a per-series outcome: a command reports it as an internal failure.
    case internalFailure(String)

    /// Whether the error is sunan's fault rather than the series': ``internalFailure(_:)``.
    public var isInternalFailure: Bool {
        if case .internalFailure = self { return true }
        return false
    }

    /// The error for a failure of the least-squares core: ``internalFailure(_:)`` when it is sunan's
    /// fault (`LinearAlgebraError.isInternalFailure`), ``numerical(_:)`` otherwise.
    public static func leastSquaresFailure(_ error: LinearAlgebraError) -> ForecastingError {
        error.isInternalFailure ? .internalFailure(error.description) : .numerical(error.description)
    }

    /// A plain sentence saying why.
    public var description: String {
        switch self {
        case .invalidSeries(let message): return "invalid series: \(message)"
        case .tooShort(let model, let needed, let got):
            return "\(model) needs at least \(needed) observation\(needed == 1 ? "" : "s"); the series has \(got)"
        case .notPositive(let model): return "\(model) works on the log scale and needs every value > 0"
        case .hasGaps(model: let model): return "\(model) needs consecutive years; the series has gaps"
        case .notIdentified(let model, let reason): return "\(model): \(reason)"
        case .invalidSetting(let message): return message
        case .numerical(let message): return "numerical failure: \(message)"
        case .internalFailure(let message): return message
        }
    }
}
