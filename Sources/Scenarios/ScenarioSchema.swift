import Indicators

/// One key of a mapping in a scenario file, and whether the file must give it.
public struct ScenarioKey: Sendable, Equatable {
    /// The key as written in the file (`horizonYear`).
    public let name: String
    /// Whether a mapping without this key is refused.
    public let isRequired: Bool

    /// A key; optional unless `isRequired`.
    public init(_ name: String, isRequired: Bool = false) {
        self.name = name
        self.isRequired = isRequired
    }

    /// A required key.
    public static func required(_ name: String) -> ScenarioKey { ScenarioKey(name, isRequired: true) }
}

/// The keys of one mapping of a scenario file, in the order the documentation lists them.
public struct ScenarioSection: Sendable, Equatable {
    /// Every key the mapping may have.
    public let keys: [ScenarioKey]

    /// A section of `keys`.
    public init(_ keys: [ScenarioKey]) { self.keys = keys }

    /// The names of every key the mapping may have, in order; any other key is refused.
    public var allowed: [String] { keys.map(\.name) }

    /// The names of the keys the mapping must have, in order.
    public var required: [String] { keys.filter(\.isRequired).map(\.name) }
}

/// The scenario file's schema (version 1) in one table: the keys of every mapping and which are
/// required, the defaults of what may be left out, and the limits of what may be given.
///
/// The YAML decoder (`ScenarioFiles`) takes its allowed and required keys, defaults and range checks
/// from here; the initialisers of ``ScenarioSpecification`` and its parts take their default arguments
/// from here; `sunan run --draws` is checked against ``Limits/draws``; and the article
/// <doc:ScenarioFile> states the same keys, defaults and limits (a test compares it with this table).
public enum ScenarioSchema {
    /// The schema versions this build reads.
    public static let supportedVersions = [1]

    /// The schema version of specifications made in code.
    public static let currentVersion = 1

    /// The keys of every mapping of the file.
    public enum Sections {
        /// The top level of the file (``ScenarioSpecification``).
        public static let file = ScenarioSection([
            .required("schemaVersion"), .required("title"), ScenarioKey("description"), .required("data"),
            ScenarioKey("regions"), ScenarioKey("targets"), .required("asOf"), .required("horizonYear"), ScenarioKey("zone"),
            .required("projections"), .required("scenarios"), ScenarioKey("targetAllocation"), ScenarioKey("aboutTolerance"),
            ScenarioKey("simulation"),
        ])
        /// `zone` (``ZoneSpecification``).
        public static let zone = ScenarioSection([.required("region"), ScenarioKey("members"), ScenarioKey("parent")])
        /// An item of `projections` (``ProjectionSpecification``).
        public static let projection = ScenarioSection([
            .required("indicator"), ScenarioKey("unit"), ScenarioKey("model"), ScenarioKey("historyFrom"), .required("level"),
            .required("regions"), ScenarioKey("driver"), ScenarioKey("targetSeries"), ScenarioKey("memberShares"),
            ScenarioKey("measure"),
        ])
        /// A projection's `driver` (``DriverSpecification``).
        public static let driver = ScenarioSection([
            .required("indicator"), ScenarioKey("lag"), ScenarioKey("model"), .required("elasticity"), ScenarioKey("unit"),
        ])
        /// A driver's `elasticity` written as a mapping (``ElasticitySetting``): `value` and
        /// `standardError` together, or `estimate` alone.
        public static let elasticity = ScenarioSection([ScenarioKey("value"), ScenarioKey("standardError"), ScenarioKey("estimate")])
        /// An elasticity's `estimate` written as a mapping.
        public static let estimate = ScenarioSection([ScenarioKey("regions"), ScenarioKey("fromYear")])
        /// A projection's `targetSeries` (``TargetSeriesSpecification``).
        public static let targetSeries = ScenarioSection([
            .required("indicator"), .required("region"), .required("unit"), ScenarioKey("factors"),
        ])
        /// An item of a target series' `factors` (``DerivationFactor``).
        public static let factor = ScenarioSection([
            .required("name"), .required("value"), ScenarioKey("standardError"), .required("rule"), ScenarioKey("nameZh"),
            ScenarioKey("ruleZh"),
        ])
        /// A projection's `memberShares` written as a mapping (``MemberShares``): the shares and how a
        /// remainder is taken up. (Written as a list, `memberShares` is the shares alone.)
        public static let memberShares = ScenarioSection([.required("shares"), ScenarioKey("remainder")])
        /// An item of a projection's `memberShares` (``MemberShare``).
        public static let memberShare = ScenarioSection([
            .required("region"), .required("share"), ScenarioKey("relativeError"), .required("basis"), .required("rule"),
            ScenarioKey("ruleZh"),
        ])
        /// An item of `scenarios` (``ScenarioCase``).
        public static let scenario = ScenarioSection([.required("name"), ScenarioKey("label"), ScenarioKey("labelZh"), ScenarioKey("driver")])
        /// A scenario's `driver` written as a mapping (``DriverPath``): exactly one of `uplift`,
        /// `amounts` and `extraBudget`, with `from` (not for `amounts`) and `split` (only for `extraBudget`).
        public static let driverPath = ScenarioSection([
            ScenarioKey("uplift"), ScenarioKey("amounts"), ScenarioKey("extraBudget"), ScenarioKey("from"), ScenarioKey("split"),
        ])
        /// `simulation` (``SimulationSettings``).
        public static let simulation = ScenarioSection([ScenarioKey("draws"), ScenarioKey("seed")])
    }

    /// What a file that leaves a key out gets.
    public enum Defaults {
        /// `description`: empty.
        public static let description = ""
        /// A projection's `model` and a driver's `model` (any family name of `ModelCatalog`, or `auto`):
        /// `auto`, calibrated on the indicator's series in every region, as `sunan forecast` does.
        public static let model = "auto"
        /// A driver's `lag`, in years between spending and effect.
        public static let lag = 1
        /// A factor's `standardError` (a fixed factor).
        public static let factorStandardError = 0.0
        /// A member share's `relativeError` (a share taken as certain).
        public static let shareRelativeError = 0.0
        /// A scenario's `driver`: the driver follows its own baseline forecast. (A scenario's `label`
        /// defaults to its `name`.)
        public static let driverPath = DriverPath.baseline
        /// `simulation.draws`: Monte Carlo draws per scenario.
        public static let draws = 10_000
        /// `simulation.seed`: the seed of the random generator.
        public static let seed: UInt64 = 20_180_101
        /// `aboutTolerance`: the relative tolerance of `~` targets that state none (±10 %).
        public static let aboutTolerance = TargetComparator.defaultAboutTolerance
    }

    /// The ranges and choices a given value must respect.
    public enum Limits {
        /// `simulation.draws` and `sunan run --draws`: draws per scenario.
        public static let draws = 1...10_000_000
        /// Fewer draws than this run, with a warning: below it the Monte Carlo error of a probability is
        /// itself poorly estimated (with all or no draws meeting a target its estimate √(p(1−p)/n) is 0).
        public static let reliableDraws = 1_000
        /// A driver's `lag`, in years: not negative.
        public static let lag = 0...
        /// `asOf` and `horizonYear`: the years the data may hold (`ValidationRules.standard`).
        public static let years = ValidationRules.standard.years
        /// A member share's `basis`.
        public static let shareBases = ["observed", "assumption"]
        /// A driver's elasticity `value`: the percent change of the outcome for a 1 % change of the
        /// driver. Estimates of R&D and budget elasticities lie well inside ±1; ±3 leaves room for a
        /// deliberate stress test, and beyond it the model's power `r^ε` turns a modest change of
        /// spending into factors of thousands (an estimated elasticity is held to the same bound).
        public static let elasticity = -3.0...3.0
        /// A driver's elasticity `standardError`: at most 3, for the same reason (a draw of the
        /// elasticity lies within about four standard errors of its value).
        public static let elasticityStandardError = 0.0...3.0
        /// How far a scenario may move its driver from the baseline: within this factor either way
        /// (1/100 to 100 times) — an `uplift` compounded to `horizonYear`, each of `amounts` against the
        /// driver's last observed value, and the budget after an `extraBudget` against the budget of the
        /// region that receives it. The model scales the outcome by (driver ratio)^elasticity, a
        /// constant-elasticity approximation that means something for changes of a few times, not for
        /// budgets cut to nothing (the outcome would vanish, or explode for a negative elasticity
        /// draw) or multiplied by millions.
        public static let driverFactor = 100.0
        /// How far the member shares may sum from 1 without a remainder rule: 0.5 %.
        public static let shareSumTolerance = 0.005
        /// `memberShares.remainder`.
        public static let remainders = ShareRemainder.allCases.map(\.rawValue)
        /// A projection's `measure`.
        public static let measures = Measure.allCases.map(\.rawValue)
        /// `aboutTolerance`: a fraction strictly between 0 and 1.
        public static let aboutTolerance = 0.0...1.0
    }
}
