import Foundation

/// What an indicator measures, which decides how a target's basis reads it (see ``TargetBasis``)
/// and whether a zone may be the sum of its members.
///
/// Declared per indicator in `indicators.csv` (column `measure`), and overridable per series by a
/// `measure` column of a data file and per projection by `measure:` in a scenario file.
public enum Measure: String, Hashable, Sendable, CaseIterable, Codable {
    /// A level at the end of the year: institutions in existence, platforms, coverage counts, a
    /// running total. The zone's stock is the sum of its members' stocks.
    case stock
    /// An amount within the year: contract value traded, projects started, enterprises served that
    /// year. The zone's flow is the sum of its members' flows; flows add up over years.
    case flow
    /// A ratio or percentage (R&D intensity, a share, a utilisation rate): never summed, neither
    /// across regions nor over years.
    case rate

    /// Whether values of members may be summed into the zone's value (stocks and flows, not rates).
    public var isSummable: Bool { self != .rate }

    /// The measure named by `text` (`stock`, `flow`, `rate`, any capitalisation, surrounding spaces
    /// ignored); nil for anything else.
    public init?(text: String) {
        self.init(rawValue: text.trimmingWhitespace().lowercased())
    }
}

/// The declared measures of a run's series: by indicator (the indicator catalog) and by series (a
/// data file's `measure` column, which wins). A scenario's projection `measure:` is applied on top of
/// these by the engine.
public struct MeasureBook: Sendable, Equatable {
    /// The measure of each indicator key.
    public let byIndicator: [String: Measure]
    /// The measure of individual series, overriding their indicator's.
    public let bySeries: [SeriesKey: Measure]

    /// A book of the given measures (both empty by default: nothing declared).
    public init(byIndicator: [String: Measure] = [:], bySeries: [SeriesKey: Measure] = [:]) {
        self.byIndicator = byIndicator
        self.bySeries = bySeries
    }

    /// The measures of `catalog` (per indicator) and of the `measure` column of `panel`'s data files
    /// (per series).
    public init(catalog: IndicatorCatalog?, panel: Panel) {
        var byIndicator: [String: Measure] = [:]
        for entry in catalog?.entries ?? [] {
            if let measure = entry.measure { byIndicator[entry.key] = measure }
        }
        self.init(byIndicator: byIndicator, bySeries: panel.declaredMeasures)
    }

    /// The measure of `indicator` in `region`: the series' own, else the indicator's; nil when
    /// neither is declared.
    public func measure(region: String, indicator: String) -> Measure? {
        bySeries[SeriesKey(region: region, indicator: indicator)] ?? byIndicator[indicator]
    }
}

extension Panel {
    /// The name of the optional data-file column that declares a series' measure.
    public static let measureColumn = "measure"

    /// The measure each series declares in a `measure` column of its data file (the first row that
    /// states one; ``PanelLoader`` refuses a series whose rows disagree).
    public var declaredMeasures: [SeriesKey: Measure] {
        var measures: [SeriesKey: Measure] = [:]
        for observation in observations where measures[observation.key] == nil {
            if let text = observation.attributes[Self.measureColumn], let measure = Measure(text: text) {
                measures[observation.key] = measure
            }
        }
        return measures
    }
}
