import Forecasting
import LinearAlgebra
import SunanTestSupport
import Testing

/// A failure of the least-squares core reaches the forecasting layer as an internal failure only when it
/// is sunan's fault.
@Suite("ForecastingError from the least-squares core", .tags(.specification))
struct InternalFailureTests {
    @Test("LAPACK's illegal-argument code becomes internalFailure; its numerical codes stay numerical")
    func mapping() {
        let argument = ForecastingError.leastSquaresFailure(.lapackFailure(routine: "dtrtrs", info: -9))
        #expect(argument == .internalFailure("LAPACK dtrtrs rejected its argument 9 (info = -9)"))
        #expect(argument.isInternalFailure)
        #expect(argument.description == "LAPACK dtrtrs rejected its argument 9 (info = -9)")
        let singular = ForecastingError.leastSquaresFailure(.lapackFailure(routine: "dpotri", info: 2))
        #expect(singular == .numerical("LAPACK dpotri failed with info = 2"))
        #expect(!singular.isInternalFailure)
        #expect(!ForecastingError.tooShort(model: "linear", needed: 3, got: 2).isInternalFailure)
    }
}
