import Forecasting
import Indicators
import Scenarios

/// How `sunan forecast` and `sunan backtest` pool the series of a file for `auto`'s calibration,
/// and which values each series can take.
enum ForecastPooling {
    /// The support of a series in the unit `code`, by the rule `sunan run` uses too
    /// (`UnitOfMeasure.seriesSupport`): whole numbers for counts of things (个, 件, 项, 家, 场, teams,
    /// enterprises, cases, persons), zero or more for the other known units (money, percentages,
    /// person-years …), any real number for an unknown or missing unit.
    static func support(unitCode code: String) -> SeriesSupport {
        UnitOfMeasure.parse(code).seriesSupport
    }

    /// Pool numbers: in a panel one pool per indicator (and, when `byOrigin`, per last history year),
    /// in a competition file one pool for the whole file (per last year when `byOrigin`).
    static func groups(indicators: [String], lastYears: [Int?], isCompetition: Bool, byOrigin: Bool) -> [Int] {
        var numbers: [String: Int] = [:]
        return zip(indicators, lastYears).map { indicator, lastYear in
            let key = (isCompetition ? "" : indicator) + "|" + (byOrigin ? String(lastYear ?? 0) : "")
            if let number = numbers[key] { return number }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
    }
}
