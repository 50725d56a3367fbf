import LinearAlgebra
import SunanTestSupport
import Testing

/// Which LAPACK failures are sunan's fault (an illegal argument) and which are the problem's.
@Suite("LinearAlgebraError", .tags(.specification))
struct LinearAlgebraErrorTests {
    @Test("a negative info is an internal failure and names the argument; a positive one is not", arguments: [
        (LinearAlgebraError.lapackFailure(routine: "dtrtrs", info: -9), true, "LAPACK dtrtrs rejected its argument 9 (info = -9)"),
        (.lapackFailure(routine: "dgesvd", info: 2), false, "LAPACK dgesvd failed with info = 2"),
        (.tooFewObservations(observations: 2, parameters: 3), false,
         "2 observations cannot estimate 3 parameters (need at least as many observations as parameters)"),
        (.nonFiniteInput("design row 1, column 2"), false, "input is not finite: design row 1, column 2"),
    ])
    func classification(error: LinearAlgebraError, isInternal: Bool, description: String) {
        #expect(error.isInternalFailure == isInternal)
        #expect(error.description == description)
    }
}
