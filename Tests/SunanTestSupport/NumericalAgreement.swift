import Foundation

/// Log relative error (LRE): the number of correct significant digits of `estimate` against `certified`,
/// −log10(|estimate − certified| / |certified|), capped at 15 (exact agreement); with a certified value of
/// zero the absolute error is used instead (McCullough's measure, as used with the NIST StRD data sets).
/// A NaN on either side has no correct digit: 0 (`Swift.min(15, .nan)` would say 15).
public func logRelativeError(_ estimate: Double, certified: Double) -> Double {
    if estimate == certified { return 15 }
    let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
    if error.isNaN { return 0 }
    return min(15, -log10(error))
}

/// Relative difference |a − b| / max(|b|, 1e-300), dimensionless; 0 when both are equal (including
/// equal infinities), so `b` is the reference value.
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(b), 1e-300)
}

/// The largest ``relativeDifference(_:_:)`` between two arrays of equal length, element by element;
/// infinity when the lengths differ, 0 for two empty arrays.
public func worstRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { relativeDifference($0, $1) }.max() ?? 0
}
