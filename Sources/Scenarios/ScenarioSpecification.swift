import Indicators

/// A scenario file decoded into typed values: what to load, where the planner stands, what to
/// project and how, which targets to test, the what-if scenarios and the simulation settings.
///
/// The YAML layout (schema version 1) mirrors these types key for key; `scenarios/sunan-2020.yaml`
/// is the worked example. Paths are relative to the scenario file's folder. The keys, defaults and
/// limits are tabled in ``ScenarioSchema``.
public struct ScenarioSpecification: Sendable, Equatable {
    /// Version of the file layout; this build reads ``ScenarioSchema/supportedVersions``.
    public var schemaVersion: Int
    /// A short title for reports.
    public var title: String
    /// A longer description (provenance and assumptions), or empty.
    public var description: String
    /// Data files (CSV, the data contract) to load, in order.
    public var data: [String]
    /// The region hierarchy file (`regions.csv`), or nil when no zone/city relations are used.
    public var regions: String?
    /// The targets file (`targets.csv` layout), or nil for none.
    public var targets: String?
    /// Last year of history used (where the planner stands); later data serve plan-versus-actual only.
    public var asOf: Int
    /// Last projected year (inclusive).
    public var horizonYear: Int
    /// The zone whose targets are tested (for example `Sunan`) and how its members relate, if any.
    public var zone: ZoneSpecification?
    /// The projected series.
    public var projections: [ProjectionSpecification]
    /// The what-if scenarios; the first should normally be the baseline.
    public var scenarios: [ScenarioCase]
    /// How zone targets are allocated to member cities (derived city targets), if at all.
    public var targetAllocation: TargetAllocationRule?
    /// The relative tolerance of `~` (about) targets that state none of their own (0.1 = ±10 %); nil:
    /// ``ScenarioSchema/Defaults/aboutTolerance``.
    public var aboutTolerance: Double?
    /// Monte Carlo settings.
    public var simulation: SimulationSettings

    /// A specification with every field given.
    public init(schemaVersion: Int = ScenarioSchema.currentVersion, title: String, description: String = ScenarioSchema.Defaults.description, data: [String], regions: String? = nil,
                targets: String? = nil, asOf: Int, horizonYear: Int, zone: ZoneSpecification? = nil,
                projections: [ProjectionSpecification], scenarios: [ScenarioCase],
                targetAllocation: TargetAllocationRule? = nil, aboutTolerance: Double? = nil,
                simulation: SimulationSettings = SimulationSettings()) {
        self.schemaVersion = schemaVersion
        self.title = title
        self.description = description
        self.data = data
        self.regions = regions
        self.targets = targets
        self.asOf = asOf
        self.horizonYear = horizonYear
        self.zone = zone
        self.projections = projections
        self.scenarios = scenarios
        self.targetAllocation = targetAllocation
        self.aboutTolerance = aboutTolerance
        self.simulation = simulation
    }

    /// The projected years, `asOf + 1 … horizonYear`.
    public var projectionYears: ClosedRange<Int> { (asOf + 1)...max(asOf + 1, horizonYear) }
}

/// The zone of a scenario: an aggregate region and its member cities.
///
/// YAML: `zone: {region: Sunan, members: [Nanjing, Wuxi, Suzhou, Changzhou, Zhenjiang], parent: Jiangsu}`.
/// `members` defaults to the hierarchy's members of `region`; `parent` to its parent.
public struct ZoneSpecification: Sendable, Equatable {
    /// The zone's region id.
    public var region: String
    /// Member region ids (the zone is their sum in every draw).
    public var members: [String]
    /// The enclosing region (Jiangsu), used when only the parent is observed.
    public var parent: String?

    /// A zone specification.
    public init(region: String, members: [String], parent: String? = nil) {
        self.region = region
        self.members = members
        self.parent = parent
    }
}

/// One projected indicator.
///
/// YAML example:
/// ```yaml
/// - indicator: tech_market_value_outflow   # key in the data
///   unit: 100m_cny                          # unit to work in (converted explicitly)
///   model: loglinear                        # a regression family: loglinear, linear, quadratic, local
///   historyFrom: 2010                       # first year of history used (optional)
///   level: parent                           # members | parent | regions
///   regions: [Jiangsu]                      # the observed series projected
///   driver: {…}                             # optional investment driver
///   targetSeries: {…}                       # optional: the series the targets speak of, derived from this one
///   measure: flow                           # optional: stock | flow | rate, overriding indicators.csv and the data
/// ```
public struct ProjectionSpecification: Sendable, Equatable {
    /// Indicator key in the data.
    public var indicator: String
    /// Unit code to work in (`100m_cny` …), or nil for the data's own unit.
    public var unit: String?
    /// Model family name (see `ModelCatalog`); regression families carry parameter uncertainty.
    public var model: String
    /// First year of history used, or nil for all.
    public var historyFrom: Int?
    /// Where the observations are and how zone and cities follow from them.
    public var level: ProjectionLevel
    /// The regions whose own series are projected (level `members` or `regions`: each region; level
    /// `parent`: the parent region).
    public var regions: [String]
    /// The investment driver linked to this outcome, if any.
    public var driver: DriverSpecification?
    /// The series the plan's targets refer to, when it differs from the projected one (another basis
    /// or a share of it), derived by multiplicative factors.
    public var targetSeries: TargetSeriesSpecification?
    /// For level `parent`: how member cities split the zone.
    public var memberShares: MemberShares?
    /// What the projected series (and its target series) measure, overriding the indicator catalog
    /// and the data; nil: as they declare.
    public var measure: Measure?

    /// A projection specification.
    public init(indicator: String, unit: String? = nil, model: String = ScenarioSchema.Defaults.model, historyFrom: Int? = nil,
                level: ProjectionLevel, regions: [String], driver: DriverSpecification? = nil,
                targetSeries: TargetSeriesSpecification? = nil, memberShares: MemberShares? = nil, measure: Measure? = nil) {
        self.indicator = indicator
        self.unit = unit
        self.model = model
        self.historyFrom = historyFrom
        self.level = level
        self.regions = regions
        self.driver = driver
        self.targetSeries = targetSeries
        self.memberShares = memberShares
        self.measure = measure
    }
}

/// Where a projected indicator is observed.
public enum ProjectionLevel: String, Sendable, Equatable, CaseIterable {
    /// Every member city is observed and projected; the zone is their sum in every draw.
    case members
    /// Only the parent (province) is observed; the zone is a share of it and the cities shares of the zone.
    case parent
    /// Independent regions (no zone arithmetic), e.g. leading provinces.
    case regions
}

/// An investment driver of an outcome: `outcome ∝ driver(t − lag)^elasticity` relative to the baseline.
///
/// YAML: `driver: {indicator: gov_budget_expenditure_sci_tech, lag: 1, model: loglinear,
/// elasticity: estimate}` or `elasticity: {value: 0.6, standardError: 0.15}`.
public struct DriverSpecification: Sendable, Equatable {
    /// Driver indicator key in the data.
    public var indicator: String
    /// Years between spending and effect.
    public var lag: Int
    /// Model family of the driver's own baseline forecast.
    public var model: String
    /// Given or estimated elasticity.
    public var elasticity: ElasticitySetting
    /// Unit code to work in, or nil for the data's own.
    public var unit: String?

    /// A driver specification.
    public init(indicator: String, lag: Int = ScenarioSchema.Defaults.lag, model: String = ScenarioSchema.Defaults.model, elasticity: ElasticitySetting, unit: String? = nil) {
        self.indicator = indicator
        self.lag = lag
        self.model = model
        self.elasticity = elasticity
        self.unit = unit
    }
}

/// How an elasticity is set.
public enum ElasticitySetting: Sendable, Equatable {
    /// Given in the file, with its standard error (0 for certainty).
    case given(value: Double, standardError: Double)
    /// Estimated by the panel regression `log y_rt = a_r + g_t + e · log x_{r,t−lag}` over `regions`
    /// (empty: every province in the data) and the years up to the as-of year.
    case estimate(regions: [String], fromYear: Int?)
}

/// The series the targets speak of, derived from the projected series by multiplicative factors
/// (a change of basis, a zone's share of its parent …), each with its uncertainty and its rule.
public struct TargetSeriesSpecification: Sendable, Equatable {
    /// Indicator key of the targets (e.g. `tech_contract_value`).
    public var indicator: String
    /// Region of the targets (e.g. `Sunan`).
    public var region: String
    /// Unit code of the targets.
    public var unit: String
    /// Factors applied in order.
    public var factors: [DerivationFactor]

    /// A target-series specification.
    public init(indicator: String, region: String, unit: String, factors: [DerivationFactor]) {
        self.indicator = indicator
        self.region = region
        self.unit = unit
        self.factors = factors
    }
}

/// A multiplicative factor with uncertainty, drawn as lognormal with the given mean and standard error.
public struct DerivationFactor: Sendable, Equatable {
    /// Short name, e.g. `registration / yearbook basis`.
    public var name: String
    /// Central value.
    public var value: Double
    /// Standard error (0: fixed).
    public var standardError: Double
    /// The rule that derived it, printed in `derivation` and the provenance section.
    public var rule: String
    /// The name and the rule in Chinese, for Chinese reports (nil: the file gives none).
    public var nameZh: String?, ruleZh: String?

    /// A factor.
    public init(name: String, value: Double, standardError: Double = ScenarioSchema.Defaults.factorStandardError, rule: String,
                nameZh: String? = nil, ruleZh: String? = nil) {
        self.name = name
        self.value = value
        self.standardError = standardError
        self.rule = rule
        self.nameZh = nameZh
        self.ruleZh = ruleZh
    }
}

/// How member cities split a zone that is observed only through its parent.
///
/// The shares must sum to 1 within ``ScenarioSchema/Limits/shareSumTolerance`` (they are then
/// normalised exactly), unless a ``remainder`` rule says how the rest is taken up; see
/// ``centralShares()``.
///
/// YAML: a list of shares, or `{remainder: assumptions, shares: […]}`.
public struct MemberShares: Sendable, Equatable {
    /// One share per member city, with how it was obtained.
    public var shares: [MemberShare]
    /// How shares that do not sum to 1 are completed; nil: they must sum to 1.
    public var remainder: ShareRemainder?

    /// Member shares.
    public init(shares: [MemberShare], remainder: ShareRemainder? = nil) {
        self.shares = shares
        self.remainder = remainder
    }

    /// The sum of the shares as stated.
    public var statedSum: Double { shares.reduce(0) { $0 + $1.share } }

    /// The central share of each member (in ``shares``' order), summing to 1: deterministic, the same for
    /// every seed and number of draws. Without a remainder rule, the stated shares divided by their sum
    /// (which is within ``ScenarioSchema/Limits/shareSumTolerance`` of 1); with `remainder: assumptions`,
    /// the shares of basis `observed` as stated and those of basis `assumption` scaled by
    /// (1 − Σ observed) / Σ assumption, so that they take up the remainder.
    /// - Throws: ``ScenarioError/invalid(_:)`` naming the sum when the shares cannot be completed (see
    ///   ``problem``).
    public func centralShares() throws(ScenarioError) -> [Double] {
        if let problem { throw .invalid(problem) }
        switch remainder {
        case nil:
            let total = statedSum
            return shares.map { $0.share / total }
        case .assumptions:
            let observed = shares.filter { $0.basis != ShareRemainder.assumptionBasis }.reduce(0) { $0 + $1.share }
            let assumed = shares.filter { $0.basis == ShareRemainder.assumptionBasis }.reduce(0) { $0 + $1.share }
            let scale = (1 - observed) / assumed
            return shares.map { $0.basis == ShareRemainder.assumptionBasis ? $0.share * scale : $0.share }
        }
    }

    /// Why the shares cannot be used, as one sentence naming their sum; nil when they can.
    public var problem: String? {
        let total = statedSum
        func number(_ x: Double) -> String { String(format: "%.4g", x) }
        switch remainder {
        case nil:
            guard abs(total - 1) > ScenarioSchema.Limits.shareSumTolerance else { return nil }
            return "the member shares sum to \(number(total)), not 1 (within \(number(ScenarioSchema.Limits.shareSumTolerance * 100)) %); "
                + "correct them, or write memberShares as {remainder: assumptions, shares: […]} to scale the shares of basis "
                + "‘assumption’ up to the remainder"
        case .assumptions:
            let assumed = shares.filter { $0.basis == ShareRemainder.assumptionBasis }
            let observed = total - assumed.reduce(0) { $0 + $1.share }
            if assumed.isEmpty {
                return "‘remainder: assumptions’ scales the shares of basis ‘assumption’, but every share is observed (they sum to \(number(total)))"
            }
            if observed >= 1 {
                return "the observed member shares already sum to \(number(observed)); no remainder is left for the shares of basis ‘assumption’"
            }
            return nil
        }
    }
}

/// How member shares that do not sum to 1 are completed (`memberShares: {remainder: …}`).
public enum ShareRemainder: String, Sendable, Equatable, CaseIterable {
    /// The shares of basis `assumption` (a GDP share, say) are scaled so that all shares sum to 1; the
    /// observed ones are kept as published.
    case assumptions

    /// The `basis` of a share that `assumptions` scales.
    public static let assumptionBasis = "assumption"
}

/// One city's share of the zone.
public struct MemberShare: Sendable, Equatable {
    /// The city.
    public var region: String
    /// The share (any positive number; shares are normalised).
    public var share: Double
    /// Relative uncertainty of the share (0.1 = ±10 % one standard deviation).
    public var relativeError: Double
    /// `observed` (from a data point) or `assumption` (e.g. GDP share).
    public var basis: String
    /// The rule, e.g. "Suzhou 2020: 21.12 % of Jiangsu (Suzhou S&T Bureau)".
    public var rule: String
    /// The rule in Chinese, for Chinese reports (nil: the file gives none).
    public var ruleZh: String?

    /// A member share.
    public init(region: String, share: Double, relativeError: Double = ScenarioSchema.Defaults.shareRelativeError, basis: String, rule: String,
                ruleZh: String? = nil) {
        self.region = region
        self.share = share
        self.relativeError = relativeError
        self.basis = basis
        self.rule = rule
        self.ruleZh = ruleZh
    }
}

/// One what-if scenario: a name, a label, and the driver path it assumes.
public struct ScenarioCase: Sendable, Equatable {
    /// Identifier used in file names and tables (`baseline`, `plus10` …).
    public var name: String
    /// Label for reports (`+10 %/yr S&T budget from 2018`); the name when the file gives none.
    public var label: String
    /// The label in Chinese, for Chinese reports (nil: the file gives none).
    public var labelZh: String?
    /// The driver path.
    public var driver: DriverPath

    /// A scenario.
    public init(name: String, label: String? = nil, labelZh: String? = nil, driver: DriverPath = ScenarioSchema.Defaults.driverPath) {
        self.name = name
        self.label = label ?? name
        self.labelZh = labelZh
        self.driver = driver
    }
}

/// A scenario's assumption about the driver.
public enum DriverPath: Sendable, Equatable {
    /// The driver follows its own baseline forecast.
    case baseline
    /// The baseline raised by `percentPerYear` % a year, compounding, from `fromYear` on
    /// (negative values: cuts). YAML: `{uplift: 10, from: 2018}`.
    case uplift(percentPerYear: Double, fromYear: Int)
    /// Given driver amounts by year (in the driver's working unit); other years follow the baseline.
    /// YAML: `{amounts: {2018: 520, 2019: 560}}`.
    case amounts([Int: Double])
    /// An extra budget per year from `fromYear`, in the driver's working unit, split across member
    /// cities by weights (normalised). YAML: `{extraBudget: 50, from: 2018, split: {Nanjing: 2, Suzhou: 1}}`.
    case extraBudget(amountPerYear: Double, fromYear: Int, split: [String: Double])
}

/// How a zone target is allocated to member cities (each allocated target is marked as derived).
public enum TargetAllocationRule: String, Sendable, Equatable, CaseIterable {
    /// Each city gets the target times its baseline share of the zone in the target year.
    case baselineShare
    /// Every city needs the same growth rate from its last value to reach the zone target in total.
    case equalGrowth
}

/// Monte Carlo settings.
public struct SimulationSettings: Sendable, Equatable {
    /// Draws per scenario (common random numbers across scenarios).
    public var draws: Int
    /// Seed of the random generator: the same seed gives the same bytes.
    public var seed: UInt64

    /// Settings; the defaults are ``ScenarioSchema/Defaults/draws`` and ``ScenarioSchema/Defaults/seed``.
    public init(draws: Int = ScenarioSchema.Defaults.draws, seed: UInt64 = ScenarioSchema.Defaults.seed) {
        self.draws = draws
        self.seed = seed
    }
}
