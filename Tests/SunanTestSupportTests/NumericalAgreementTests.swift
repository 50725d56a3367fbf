import Foundation
import SunanTestSupport
import Testing

/// The agreement measures against values computed elsewhere (Reference/make_reference.py, 50-digit decimals).
@Suite("Log relative error and relative difference", .tags(.reference))
struct NumericalAgreementTests {
    /// Reference: LRE of the exact binary values, at 50 digits; 1e-9 absolute covers double rounding of −log10.
    @Test("LRE counts correct significant digits", arguments: [
        (1.000001, 1.0, 6.000000000035728),
        (3.14159, Double.pi, 6.0733160846496),
        (1e-9, 0.0, 9.0),
        (1.1, 1.0, 0.9999999999999997),
        (-2.0000000002, -2.0, 9.999999964066316),
    ])
    func logRelativeErrorMatchesReference(estimate: Double, certified: Double, digits: Double) {
        #expect(abs(logRelativeError(estimate, certified: certified) - digits) < 1e-9)
    }

    /// Invariant: exact agreement is capped at 15 digits; a NaN (a missing number in a command's output)
    /// has no correct digit, so it meets no requirement.
    @Test("LRE is 15 on exact agreement and 0 for a NaN", .tags(.specification))
    func logRelativeErrorEdges() {
        #expect(logRelativeError(2, certified: 2) == 15)
        #expect(logRelativeError(0, certified: 0) == 15)
        #expect(logRelativeError(1 + 1e-17, certified: 1) == 15)
        #expect(logRelativeError(.nan, certified: 1) == 0)
        #expect(logRelativeError(1, certified: .nan) == 0)
        #expect(logRelativeError(.nan, certified: 0) == 0)
        #expect(logRelativeError(.infinity, certified: 1) == -.infinity)
    }

    @Test("relative difference is measured against the second value")
    func relativeDifferences() {
        #expect(relativeDifference(1.5, 1) == 0.5)
        #expect(relativeDifference(1, 2) == 0.5)
        #expect(relativeDifference(-3, -2) == 0.5)
        #expect(relativeDifference(.infinity, .infinity) == 0)
        #expect(relativeDifference(0, 0) == 0)
        #expect(relativeDifference(1e-300, 0) == 1)
        #expect(relativeDifference(.nan, 1).isNaN)
    }

    @Test("the worst relative difference of two arrays")
    func worstRelativeDifferences() {
        #expect(worstRelativeDifference([1, 2, 4], [1, 2.5, 3]) == 1.0 / 3.0)
        #expect(worstRelativeDifference([1, 2], [1]) == .infinity)
        #expect(worstRelativeDifference([], []) == 0)
    }
}
