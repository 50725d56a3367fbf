import Forecasting
import LinearAlgebra
import Reports
import Scenarios

/// A failure that is sunan's fault rather than the input's: exit status 2, "internal error" and a plea
/// to report it.
///
/// Raised where the code reaches a state its own checks should have made impossible (a validated
/// series that the forecasting layer refuses, say), and recognised by ``init(_:)`` in the errors of
/// the library targets: LAPACK rejecting an argument (``LinearAlgebraError/isInternalFailure``),
/// which reaches the commands as ``ForecastingError/internalFailure(_:)``,
/// ``ScenarioError/internalFailure(_:)``, `RegionComparison.Failure` or the raw ``LinearAlgebraError``.
struct InternalFailure: Error, CustomStringConvertible {
    /// What failed, for the report (the series, file or routine concerned).
    let description: String

    /// A failure described by `description`.
    init(description: String) {
        self.description = description
    }

    /// The internal failure that `error` is, or nil when `error` is an input or usage problem.
    init?(_ error: any Error) {
        switch error {
        case let failure as InternalFailure:
            self = failure
        case let error as LinearAlgebraError where error.isInternalFailure:
            self.init(description: error.description)
        case let error as ForecastingError where error.isInternalFailure:
            self.init(description: error.description)
        case let error as ScenarioError where error.isInternalFailure:
            self.init(description: error.description)
        case let error as RegionComparison.Failure where error.isInternalFailure:
            self.init(description: error.description)
        default:
            return nil
        }
    }

    /// The same failure with `context` (a series, a file) put before what failed.
    func within(_ context: String) -> InternalFailure {
        InternalFailure(description: "\(context): \(description)")
    }

    /// The two lines printed on standard error.
    var report: String {
        "sunan: internal error: \(description)\n"
            + "sunan: this is a bug in sunan, not a problem with your input; please report it with the command line "
            + "and, if you can share them, the input files"
    }
}
