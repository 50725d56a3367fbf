/// What a model or elasticity entry of a run's provenance states, as values, so that each renderer
/// words it in its own language (``ProvenanceItem/detail`` is the engine's English wording, which
/// `results.json` keeps). The facts are made by the engine only: their memberwise initialisers are
/// internal.
public enum ProvenanceFacts: Sendable, Equatable {
    /// A model fitted to a series' history.
    case model(ModelFit)
    /// An elasticity estimated from the panel.
    case estimatedElasticity(ElasticityEstimation)
    /// An elasticity given in the scenario file.
    case givenElasticity
}

/// A model fitted to the history of a series: which model, over which years, and the trend it found.
public struct ModelFit: Sendable, Equatable {
    /// The model's label: a family code (`loglinear`) or an `auto` label (`auto: median(holt, drift)`).
    public let model: String
    /// The first and last year fitted.
    public let years: ClosedRange<Int>
    /// The number of observed years fitted (years without data inside ``years`` are not counted).
    public let observationCount: Int
    /// The trend's growth a year as a fraction (`0.158` = 15.8 %/yr), for log-scale trends; else nil.
    public let trendGrowth: Double?
    /// The trend's slope a year in the series' unit, for straight-line trends; else nil.
    public let trendSlope: Double?
    /// How a series of one or two values was projected; nil for a longer series.
    public let shortSeries: ShortSeriesRule?
    /// The family the scenario file named when the series was too short for it (`auto`'s rule
    /// projected the series instead); nil otherwise.
    public let replaced: ReplacedModel?
    /// How `auto`'s calibration pool widened the intervals and pooled the growth; nil for other models.
    public let calibration: AutoCalibration?
}

/// How `auto`'s calibration pool (the indicator's regions as of the same origin) shaped a series'
/// forecast: the inflation of the pooled error law and the weight of the series' own growth.
public struct AutoCalibration: Sendable, Equatable {
    /// The inflation λ of the pooled error law (unitless, 1.0 … 1.6); not applied when ``defaultLaw``.
    public let inflation: Double
    /// The forecast points of the pool's own check behind λ; 0 when the default was used (too few
    /// series of six values or more).
    public let checkPoints: Int
    /// The weight (0 … 1) of the series' own growth against the indicator's median growth; nil when
    /// growth is not pooled or the series takes the pooled growth outright.
    public let ownGrowthWeight: Double?
    /// Whether the pool held too few errors to learn its law, so that the intervals use the default
    /// Student-t(4) law, without inflation.
    public let defaultLaw: Bool
}

/// How `auto` projects a series of one or two values (Forecasting's short-series rule), always with an
/// interval wider than zero.
public enum ShortSeriesRule: String, Sendable, Equatable, CaseIterable {
    /// The median growth of the same indicator in the other regions of the panel (the calibration pool),
    /// the interval widened by `√(k (1 + k))` at step k.
    case pooledGrowth
    /// One value and no pooled growth (fewer than five regions with positive values): the value carried
    /// forward, with the pool's error law.
    case carriedForward
    /// Two values and no pooled growth: the random walk with drift through them.
    case drift
}

/// A model family that could not be fitted to a series because the series has too few values.
public struct ReplacedModel: Sendable, Equatable {
    /// The family named in the scenario file (`loglinear`).
    public let family: String
    /// The number of values the family needs.
    public let needed: Int
}

/// How an elasticity was estimated from the panel: a two-way fixed-effects least-squares regression of
/// the log outcome on the lagged log driver, with region and year effects.
public struct ElasticityEstimation: Sendable, Equatable {
    /// The driver's lag in years.
    public let lag: Int
    /// The number of regions in the sample.
    public let regionCount: Int
    /// The first and last outcome year of the sample.
    public let years: ClosedRange<Int>
    /// The number of (region, year) observations.
    public let observationCount: Int
    /// Whether the standard error is clustered by region (else the conventional least-squares one).
    public let clusteredByRegion: Bool
    /// The degrees of freedom of the reported standard error.
    public let degreesOfFreedom: Int
}
