import Foundation
import Indicators

/// How a target's basis is read from one series: a signed sum of the series' values in some years
/// (the table of `TargetBasis`), split into the observed years (up to the as-of year, constants)
/// and the projected years (read draw by draw).
///
/// | basis | stock | flow | rate |
/// |---|---|---|---|
/// | `stock` | + Y | + from … + Y | + Y |
/// | `annual` | — | + Y | + Y |
/// | `new_in_year` | + Y − (Y−1) | + Y | — |
/// | `cumulative` | + Y − (start−1) | + start … + Y | — |
///
/// start is the target's `from`, else the year after the as-of year; a series whose measure nothing
/// declares is read at its level in Y (the bases that need a measure are refused before, by
/// ``ScenarioEngine/targetProblems(_:)``).
struct BasisConversion {
    /// Every year read with its coefficient (+1 or −1), increasing.
    let yearTerms: [(year: Int, coefficient: Double)]
    /// The projected terms: the year's index among the run's projected years, with its coefficient.
    let terms: [(yearIndex: Int, coefficient: Double)]
    /// The sum of the observed terms, in the target's unit.
    let constant: Double
    /// The conversion in words: `new in 2018 = stock 2018 − stock 2017 (observed 14)`.
    let text: String

    /// Whether every year read is observed (the target year is not after the as-of year).
    var isObserved: Bool { terms.isEmpty }

    /// What reading a target needs.
    enum Outcome {
        /// Every observed year is in the data and every other year is projected.
        case ready(BasisConversion)
        /// These observed years (up to the as-of year) are not in the data.
        case missing(years: [Int])
        /// A year read is after the last projected year.
        case outsideHorizon
    }

    /// The years a target of `basis` on a series of `measure` reads for year `year`, with coefficients;
    /// `start` is the first year of a running sum.
    static func yearTerms(basis: TargetBasis, measure: Measure?, year: Int, start: Int) -> [(year: Int, coefficient: Double)] {
        switch (basis, measure) {
        case (.newInYear, .stock?):
            return [(year - 1, -1), (year, 1)]
        case (.cumulative, .stock?):
            return [(start - 1, -1), (year, 1)]
        case (.cumulative, .flow?), (.stock, .flow?):
            return start <= year ? (start...year).map { ($0, 1) } : []
        default:
            return [(year, 1)]
        }
    }

    /// The first year of a running sum for `target`: its `from`, else the year after `asOf`.
    static func start(of target: Target, asOf: Int) -> Int { target.from ?? asOf + 1 }

    /// The reading of `target`'s basis for `year` (the target's own year, or another year for the
    /// first year met) on a series of `measure`, whose projected years are `years` and whose observed
    /// value of a year ≤ `asOf` (≤ `observedThrough` when given: plan versus actual reads later data),
    /// in the target's unit, is `observed` (with whether it is derived).
    static func make(_ target: Target, year: Int, measure: Measure?, asOf: Int, observedThrough: Int? = nil, years: [Int],
                     observed: (Int) -> (value: Double, derived: Bool)?) -> Outcome {
        let start = start(of: target, asOf: asOf)
        let lastObserved = observedThrough ?? asOf
        let yearTerms = yearTerms(basis: target.basis, measure: measure, year: year, start: start)
        var terms: [(yearIndex: Int, coefficient: Double)] = []
        var constant = 0.0
        var missing: [Int] = []
        var pieces: [(coefficient: Double, text: String)] = []
        let word: String
        switch measure {
        case .stock?: word = "stock"
        case .flow?: word = "flow"
        case .rate?: word = "rate"
        case nil: word = "level"
        }
        for term in yearTerms {
            var piece = "\(word) \(term.year)"
            if term.year <= lastObserved {
                guard let value = observed(term.year) else {
                    missing.append(term.year)
                    continue
                }
                constant += term.coefficient * value.value
                piece += " (\(value.derived ? "derived" : "observed") \(String(format: "%g", value.value)))"
            } else if let index = years.firstIndex(of: term.year) {
                terms.append((index, term.coefficient))
            } else {
                return .outsideHorizon
            }
            pieces.append((term.coefficient, piece))
        }
        if !missing.isEmpty { return .missing(years: missing) }
        // Added terms first, then subtracted ones: "stock 2018 − stock 2017 (observed 14)".
        let ordered = pieces.filter { $0.coefficient > 0 } + pieces.filter { $0.coefficient < 0 }
        let sum = ordered.isEmpty ? "0 (no year to sum)" : ordered.enumerated().map { index, piece in
            (index == 0 ? (piece.coefficient < 0 ? "−" : "") : (piece.coefficient < 0 ? " − " : " + ")) + piece.text
        }.joined()
        let text: String
        switch (target.basis, measure) {
        case (.newInYear, _): text = "new in \(year) = \(sum)"
        case (.cumulative, _): text = "cumulative \(start)–\(year) = \(sum)"
        case (.stock, .flow?): text = "stock \(year) = \(sum) (the flow summed from \(start))"
        case (_, nil): text = "\(sum) (no measure declared: the level in \(year))"
        default: text = sum
        }
        return .ready(BasisConversion(yearTerms: yearTerms, terms: terms, constant: constant, text: text))
    }

    /// The compared value of draw `d`: the constant plus each projected term's coefficient times the
    /// draw's value in that year (`draws[yearIndex][d]`, in the series' unit) times `factor` (the series'
    /// unit in the target's).
    func value(_ d: Int, draws: [[Double]], factor: Double) -> Double {
        var total = constant
        for term in terms { total += term.coefficient * draws[term.yearIndex][d] * factor }
        return total
    }

    /// The compared values of every draw of one scenario (`draws[yearIndex][draw]`).
    func values(_ draws: [[Double]], factor: Double) -> [Double] {
        guard let first = terms.first else { return [constant] }
        return (0..<draws[first.yearIndex].count).map { value($0, draws: draws, factor: factor) }
    }
}
