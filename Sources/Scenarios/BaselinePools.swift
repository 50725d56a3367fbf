import Forecasting
import Indicators

/// The calibration pools behind a run's `auto` baselines, built once per run before anything is drawn.
///
/// A series projected with `auto` is calibrated against the out-of-sample errors of the same indicator
/// in every region of the loaded panel: each region's annual series cut to the projection's history
/// window (`historyFrom` … `asOf`), prepared with the support of its own unit (`UnitOfMeasure.seriesSupport`),
/// by `auto` forecasting `horizonYear − asOf` years ahead, with the indicator's median growth pooled.
/// That is the group `sunan forecast --as-of asOf --from historyFrom --horizon (horizonYear − asOf)`
/// pools for the series from the same data, so `forecast` reproduces the baseline of `run`. A region's
/// series is pooled in its own unit: its errors are log ratios, or differences divided by its own
/// scale, which no change of unit alters. A series without a value in the window is left out, as
/// `forecast` leaves it out.
public struct BaselinePools: Sendable {
    /// One indicator's series over one history window.
    public struct Window: Hashable, Sendable {
        /// The indicator key.
        public let indicator: String
        /// The first year of history used (nil: all years up to the as-of year).
        public let historyFrom: Int?

        /// A window.
        public init(indicator: String, historyFrom: Int?) {
            self.indicator = indicator
            self.historyFrom = historyFrom
        }
    }

    /// The `auto` specification of the run: forecasts `horizonYear − asOf` years ahead (at least 1).
    public let model: AutoModel
    private let pools: [Window: CalibrationPool]

    /// The pools of `windows` over `panel`, as of `asOf`, for projections up to `horizonYear`.
    public init(panel: Panel, asOf: Int, horizonYear: Int, windows: some Sequence<Window>) {
        let model = AutoModel(horizon: horizonYear - asOf)
        self.model = model
        var pools: [Window: CalibrationPool] = [:]
        for window in windows where pools[window] == nil {
            pools[window] = Self.pool(panel: panel, window: window, asOf: asOf, model: model)
        }
        self.pools = pools
    }

    /// The pools every outcome and driver of `projections` may need (a family that a series is too
    /// short for falls back to `auto`, so every window gets one).
    init(_ inputs: ScenarioInputs, projections: [ProjectionSpecification]) {
        let windows = projections.flatMap { projection in
            [Window(indicator: projection.indicator, historyFrom: projection.historyFrom)]
                + (projection.driver.map { [Window(indicator: $0.indicator, historyFrom: projection.historyFrom)] } ?? [])
        }
        self.init(panel: inputs.panel, asOf: inputs.specification.asOf, horizonYear: inputs.specification.horizonYear,
                  windows: windows)
    }

    /// The pool of `window`, nil when it was not built.
    public func pool(_ window: Window) -> CalibrationPool? { pools[window] }

    /// Every region's series of `window.indicator` in `panel`, in the panel's order, cut to the window
    /// as of `asOf`, prepared by `model` and pooled with their growth.
    static func pool(panel: Panel, window: Window, asOf: Int, model: AutoModel) -> CalibrationPool {
        var preparations: [AutoPreparation] = []
        for key in panel.seriesKeys where key.indicator == window.indicator {
            guard let series = panel.series(key) else { continue }
            let observations = series.observations.filter { $0.year <= asOf && $0.year >= (window.historyFrom ?? Int.min) }
            guard let history = try? YearlySeries(years: observations.map(\.year), values: observations.map(\.value)),
                  let preparation = try? model.prepare(history, support: series.unit.seriesSupport) else { continue }
            preparations.append(preparation)
        }
        return CalibrationPool(preparations, poolsGrowth: true)
    }
}

extension UnitOfMeasure {
    /// The values a series in this unit can take: whole numbers for counts of things (个, 件, 项, 家, 场,
    /// teams, enterprises, cases, persons), zero or more for the other known units (money, percentages,
    /// person-years …), any real number for an unknown or missing unit. `sunan forecast` and `run` both
    /// use it.
    public var seriesSupport: SeriesSupport {
        guard isKnown else { return .real }
        return isCount ? .count : .nonNegative
    }
}
