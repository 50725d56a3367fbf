import Forecasting
import Indicators

/// Something that weakened a run's numbers without stopping it, stated so that a planner can weigh
/// them: `results.json` lists the notes (``code`` and the engine's English ``detail``), `summary.md`
/// words them in its language, and `sunan run` prints them. A run that needed none has none, and then
/// its files do not mention them.
public enum RunNote: Sendable, Equatable {
    /// A series with values in the history window was left out of the pool that calibrates `auto`'s
    /// intervals (and pools its growth) for its indicator; some projection of the run used that pool.
    case leftOutOfPool(PoolExclusion)
    /// The data give a series the run projects or derives (a zone or member of a derived series, as a
    /// rule) in `dataUnit`, which cannot be converted to `unit`, the unit of the run's series: its observed
    /// values are not read (no plan-versus-actual row; observed target years read the derived history).
    case dataNotConvertible(region: String, indicator: String, dataUnit: String, unit: String)
    /// The pool that calibrates `auto` for `indicator` held `seriesCount` series and `errorCount`
    /// out-of-sample errors, fewer than the law needs (`PooledErrorLaw.minimumSeries` series with
    /// errors, `PooledErrorLaw.minimumErrors` errors): the intervals of its `auto` forecasts use the
    /// default Student-t(4) law, not errors learned from the data.
    case defaultErrorLaw(indicator: String, seriesCount: Int, errorCount: Int)

    /// The stable text `results.json` writes for the kind of note.
    public var code: String {
        switch self {
        case .leftOutOfPool: return "left out of calibration pool"
        case .dataNotConvertible: return "data not convertible"
        case .defaultErrorLaw: return "default error law"
        }
    }

    /// What the note concerns, as `results.json` writes it: `Jiangsu/new_enterprises`.
    public var subject: String {
        switch self {
        case .leftOutOfPool(let exclusion): return "\(exclusion.region)/\(exclusion.indicator)"
        case let .dataNotConvertible(region, indicator, _, _): return "\(region)/\(indicator)"
        case let .defaultErrorLaw(indicator, _, _): return indicator
        }
    }

    /// The engine's English sentence (the renderers word the note from its values).
    public var detail: String {
        switch self {
        case .leftOutOfPool(let exclusion):
            let reason: String
            switch exclusion.reason {
            case let .negativeCount(year, value):
                reason = "its value in \(year) is \(value), and a count cannot be negative"
            case .unusable(let message):
                reason = message
            }
            return "left out of the pool that calibrates auto's intervals for \(exclusion.indicator) (\(reason)); "
                + "those intervals rest on the other regions"
        case let .dataNotConvertible(_, _, dataUnit, unit):
            return "the data give it in \(UnitOfMeasure.parse(dataUnit)), which cannot be converted to \(UnitOfMeasure.parse(unit)), "
                + "the unit of the run's series: its observed values are not read (plan versus actual, observed target years)"
        case let .defaultErrorLaw(_, seriesCount, errorCount):
            return "the pool that calibrates auto holds \(seriesCount) series and \(errorCount) out-of-sample errors, fewer than the "
                + "\(PooledErrorLaw.minimumSeries) series and \(PooledErrorLaw.minimumErrors) errors needed to learn the error law: "
                + "its intervals use a default Student-t(4) law, not errors learned from the data"
        }
    }
}

extension ScenarioEngine {
    /// The run's notes, each once, in the order first met: those of its prepared projections, then the
    /// series of `cells` whose data are in a unit that cannot be converted to the cells' unit.
    static func notes(_ prepared: [PreparedProjection], inputs: ScenarioInputs, cells: [ProjectionCell]) -> [RunNote] {
        var notes: [RunNote] = []
        var seen: Set<String> = []
        for cell in cells where seen.insert("\(cell.region)|\(cell.indicator)|\(cell.unit)").inserted {
            guard let series = inputs.panel.series(region: cell.region, indicator: cell.indicator),
                  !series.unit.isConvertible(to: UnitOfMeasure.parse(cell.unit)) else { continue }
            notes.append(.dataNotConvertible(region: cell.region, indicator: cell.indicator, dataUnit: series.unit.code, unit: cell.unit))
        }
        var unique: [RunNote] = []
        for note in prepared.flatMap(\.notes) + notes where !unique.contains(note) { unique.append(note) }
        return unique
    }
}
