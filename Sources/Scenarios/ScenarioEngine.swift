import Foundation
import Indicators
import LinearAlgebra

// The engine in parts, one question per file: ProjectionPlan.swift (which series a projection produces
// and how they are fitted), MonteCarloKernel.swift (how the draws are made and the scenarios applied),
// DrawSummary.swift (draws → cells: means, standard errors, quantiles), GapAnalysis.swift (draws →
// target rows), PlanVersusActual.swift (projections against later observations) and
// ScenarioStreaming.swift (the run behind `run`, one projection at a time on a worker pool). This file:
// the entry point, the settings and the whole-run reference path.

/// The inputs of a scenario run: the specification and the data it refers to, already loaded.
public struct ScenarioInputs: Sendable {
    /// The scenario specification.
    public let specification: ScenarioSpecification
    /// The loaded data.
    public let panel: Panel
    /// The region hierarchy, if loaded.
    public let hierarchy: RegionHierarchy?
    /// The plan's targets to test.
    public let targets: [Target]
    /// The measures the indicator catalog and the data declare (a projection's `measure:` wins over them;
    /// see ``measure(region:indicator:)``).
    public let measures: MeasureBook

    /// Inputs from their parts; `measures` empty declares no measure (targets are then read as the
    /// level of their year, and bases that need a measure are refused).
    public init(specification: ScenarioSpecification, panel: Panel, hierarchy: RegionHierarchy?, targets: [Target],
                measures: MeasureBook = MeasureBook()) {
        self.specification = specification
        self.panel = panel
        self.hierarchy = hierarchy
        self.targets = targets
        self.measures = measures
    }

    /// What the series `region`/`indicator` of the run measures: the `measure:` of the first projection
    /// of that indicator (or target series) that states one, else the data's or the catalog's; nil when
    /// nothing declares it.
    public func measure(region: String, indicator: String) -> Measure? {
        let stated = specification.projections.first {
            $0.measure != nil && ($0.indicator == indicator || $0.targetSeries?.indicator == indicator)
        }
        return stated?.measure ?? measures.measure(region: region, indicator: indicator)
    }
}

/// The Monte Carlo engine: projects every region × indicator × year under every scenario.
///
/// For each projection and draw it draws the outcome's baseline path (``SeriesProjection``), the
/// driver's baseline path, the elasticity (normal with its standard error), each derivation factor
/// (lognormal with its mean and standard error) and the member shares (lognormal, normalised to sum
/// to one). Every scenario reuses the same draws (common random numbers), so scenario differences
/// are not Monte Carlo noise. A scenario changes the driver by the ratio r(τ) of its driver path to
/// the baseline in year τ = t − lag (1 up to the as-of year: the past cannot be changed), and the
/// outcome in year t by `r(τ)^elasticity`. Zone values are the sum of their members in every draw.
///
/// **Memory.** The run streams: each projection is drawn, summarised into its cells and tested against
/// its targets as soon as its draws exist, and its draws are then dropped, so the memory of the draws is
/// bounded by what the threads have in hand (one projection each, on all cores), never the whole run's
/// draws × series. A projection drawn whole (levels `members` and `parent`, whose zone and member
/// draws must come from one stream) holds about `(paths × years + series × scenarios × years) × draws`
/// numbers; at level `regions` every source region draws its paths from a stream of its own (the
/// elasticity and factor draws stay common to the projection), so a projection there holds one region's
/// draws plus the zone's running sum, about `years × (2 + 3 × scenarios) × draws` numbers with a
/// driver, whatever its number of regions. What grows with the series is what the run returns:
/// the cells and gap rows, a few hundred bytes each. ``DrawMemory`` estimates these sizes before any
/// work: ``run(_:draws:seed:progress:)`` draws fewer projections at once when all cores' worth would
/// not fit in the memory available, and refuses a run whose largest projection alone would not.
public enum ScenarioEngine {
    /// Runs every scenario of `inputs`, one projection at a time on all cores — or on fewer, when the
    /// draws of as many projections at once would not fit in the memory available (``DrawMemory``; see
    /// the type's documentation for the memory bound).
    /// - Parameters:
    ///   - inputs: the specification and the loaded data, regions and targets it refers to.
    ///   - draws: overrides the file's draws per scenario.
    ///   - seed: overrides the file's seed.
    ///   - progress: called with the fraction done (0…1) after each step; may be called from this thread only.
    /// - Throws: ``ScenarioError`` when a series cannot be projected, a setting is inconsistent, or the
    ///   draws of even one projection cannot fit in memory (then before any work starts).
    public static func run(_ inputs: ScenarioInputs, draws: Int? = nil, seed: UInt64? = nil,
                           progress: ((Double) -> Void)? = nil) throws -> ScenarioRun {
        let (drawCount, _, years) = try settings(inputs, draws: draws, seed: seed)
        let projections = try runProjections(inputs, years: years).projections
        let threads = try DrawMemory(inputs, projections: projections, draws: drawCount, years: years.count)
            .threads(cores: ProcessInfo.processInfo.activeProcessorCount, availableBytes: DrawMemory.availableBytes(),
                     projectionNames: projections.map { "\($0.indicator), level \($0.level.rawValue)" })
        return try runStreaming(inputs, draws: draws, seed: seed, threads: threads, progress: progress)
    }

    /// The draws per scenario, the seed and the projected years of a run, checked.
    static func settings(_ inputs: ScenarioInputs, draws: Int?, seed: UInt64?) throws -> (draws: Int, seed: UInt64, years: [Int]) {
        let specification = inputs.specification
        let drawCount = draws ?? specification.simulation.draws
        guard drawCount >= 1 else { throw ScenarioError.invalid("the number of draws must be at least 1; got \(drawCount)") }
        guard !specification.scenarios.isEmpty else { throw ScenarioError.invalid("the scenario file defines no scenario") }
        return (drawCount, seed ?? specification.simulation.seed, Array(specification.projectionYears))
    }

    /// The whole-run path: ``run(_:draws:seed:progress:)`` on one thread keeping every series' draws for the
    /// whole run, summarised and tested against the targets at the end; also returns the draws, in the
    /// order the projections produced them (for tests of per-draw properties such as zone = sum of
    /// members, and as the reference the streaming path must reproduce exactly).
    static func runKeepingDraws(_ inputs: ScenarioInputs, draws: Int? = nil, seed: UInt64? = nil,
                                progress: ((Double) -> Void)? = nil) throws -> (run: ScenarioRun, draws: [SeriesDraws]) {
        let specification = inputs.specification
        let (drawCount, seedValue, years) = try settings(inputs, draws: draws, seed: seed)
        let root = RandomSource(seed: seedValue)
        let (projections, unprojected) = try runProjections(inputs, years: years)
        var allDraws: [SeriesDraws] = []
        var elasticityDraws: [[Double]] = []
        var elasticities: [ElasticityUsed] = []
        var provenance: [ProvenanceItem] = []
        var histories: [HistorySeries] = []
        let allPrepared = try prepareAll(projections, inputs: inputs, years: years, threads: 1)
        for (index, prepared) in allPrepared.enumerated() {
            var outcomes: [SeriesDraws] = [], drivers: [SeriesDraws] = [], members: [SeriesDraws] = []
            let output = simulate(prepared, inputs: inputs, years: years, draws: drawCount, root: root) { chunk in
                outcomes += chunk.outcomes
                drivers += chunk.drivers
                members += chunk.members
            }
            allDraws += outcomes + drivers + members
            if let zone = output.zone { allDraws.append(zone) }
            elasticityDraws.append(output.elasticityDraws)
            if let used = prepared.elasticity { elasticities.append(used) }
            provenance += prepared.provenance
            histories += prepared.histories
            progress?(Double(index + 1) / Double(projections.count + 1))
        }
        let cells = summarise(allDraws, scenarios: specification.scenarios, years: years)
        try checkFinite(cells, scenarios: specification.scenarios)
        let plan = try GapAnalysis.plan(inputs: inputs, years: years,
                                        keys: allDraws.map { SeriesKey(region: $0.region, indicator: $0.indicator) },
                                        unprojected: unprojected)
        let analysis = GapAnalysis.rows(plan, draws: allDraws, histories: histories, elasticity: elasticityDraws,
                                        projections: projections, inputs: inputs, years: years)
        provenance += analysis.provenance
        let planActual = planVersusActual(inputs: inputs, cells: cells, gaps: analysis.rows, baseline: specification.scenarios[0].name)
        progress?(1)
        let run = ScenarioRun(specification: specification, draws: drawCount, seed: seedValue, years: years, cells: cells,
                              gaps: analysis.rows, missingData: analysis.missing, planVersusActual: planActual,
                              elasticities: elasticities, provenance: provenance, histories: histories,
                              notes: notes(allPrepared, inputs: inputs, cells: cells))
        return (run, allDraws)
    }
}
