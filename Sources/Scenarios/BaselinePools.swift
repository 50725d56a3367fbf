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
/// `forecast` leaves it out: it has nothing to pool. A series that has values but cannot be prepared
/// (a count with a negative value) is left out too, and said so: ``exclusions(_:)``.
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
    private let excluded: [Window: [PoolExclusion]]

    /// The pools of `windows` over `panel`, as of `asOf`, for projections up to `horizonYear`.
    public init(panel: Panel, asOf: Int, horizonYear: Int, windows: some Sequence<Window>) {
        let model = AutoModel(horizon: horizonYear - asOf)
        self.model = model
        var pools: [Window: CalibrationPool] = [:], excluded: [Window: [PoolExclusion]] = [:]
        for window in windows where pools[window] == nil {
            (pools[window], excluded[window]) = Self.pool(panel: panel, window: window, asOf: asOf, model: model)
        }
        self.pools = pools
        self.excluded = excluded
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

    /// The series with values in `window` that its pool leaves out, in the panel's order (empty when the
    /// pool was not built).
    public func exclusions(_ window: Window) -> [PoolExclusion] { excluded[window] ?? [] }

    /// Every region's series of `window.indicator` in `panel`, in the panel's order, cut to the window
    /// as of `asOf`, prepared by `model` and pooled with their growth; and the series left out.
    static func pool(panel: Panel, window: Window, asOf: Int, model: AutoModel) -> (CalibrationPool, [PoolExclusion]) {
        var preparations: [AutoPreparation] = [], exclusions: [PoolExclusion] = []
        for key in panel.seriesKeys where key.indicator == window.indicator {
            // A key of `seriesKeys` always has its series; none in the window: nothing to pool (not an exclusion).
            guard let series = panel.series(key) else { continue }
            let observations = series.observations.filter { $0.year <= asOf && $0.year >= (window.historyFrom ?? Int.min) }
            guard !observations.isEmpty else { continue }
            let support = series.unit.seriesSupport
            if support == .count, let negative = observations.first(where: { $0.value < 0 }) {
                exclusions.append(PoolExclusion(region: key.region, indicator: key.indicator,
                                                reason: .negativeCount(year: negative.year, value: negative.value)))
                continue
            }
            do {
                let history = try YearlySeries(years: observations.map(\.year), values: observations.map(\.value))
                preparations.append(try model.prepare(history, support: support))
            } catch {
                exclusions.append(PoolExclusion(region: key.region, indicator: key.indicator, reason: .unusable("\(error)")))
            }
        }
        return (CalibrationPool(preparations, poolsGrowth: true), exclusions)
    }
}

/// A region's series that the calibration pool of `auto` for its indicator leaves out, though it has
/// values in the window: `auto`'s intervals and pooled growth for that indicator rest on the other
/// regions only (``RunNote/leftOutOfPool(_:)``).
public struct PoolExclusion: Sendable, Equatable {
    /// Why a series is left out.
    public enum Reason: Sendable, Equatable {
        /// The series is in a count unit and has a negative value (`value` in `year`), which a count
        /// cannot take (an indicator whose name allows negative values, such as a net change).
        case negativeCount(year: Int, value: Double)
        /// `auto` cannot prepare the series; the engine's English reason.
        case unusable(String)
    }
    /// Region id of the series left out.
    public let region: String
    /// Its indicator key.
    public let indicator: String
    /// Why.
    public let reason: Reason
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
