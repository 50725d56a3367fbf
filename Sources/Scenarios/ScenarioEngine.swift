import Forecasting
import Foundation
import Indicators
import LinearAlgebra

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

    /// Inputs from their parts.
    public init(specification: ScenarioSpecification, panel: Panel, hierarchy: RegionHierarchy?, targets: [Target]) {
        self.specification = specification
        self.panel = panel
        self.hierarchy = hierarchy
        self.targets = targets
    }
}

/// Monte Carlo draws of one series: `values[scenario][year][draw]`.
struct SeriesDraws {
    let region: String
    let indicator: String
    let unit: UnitOfMeasure
    /// `projected`, `derived`, `sum` or `driver`.
    let kind: String
    let model: String
    var values: [[[Double]]]
    /// Index of the projection it belongs to (for its elasticity draws and lag).
    let projection: Int
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
/// the cells and gap rows, a few hundred bytes each.
public enum ScenarioEngine {
    /// Runs every scenario of `inputs`, one projection at a time on all cores (see the type's
    /// documentation for the memory bound).
    /// - Parameters:
    ///   - inputs: the specification and the loaded data, regions and targets it refers to.
    ///   - draws: overrides the file's draws per scenario.
    ///   - seed: overrides the file's seed.
    ///   - progress: called with the fraction done (0…1) after each step; may be called from this thread only.
    /// - Throws: ``ScenarioError`` when a series cannot be projected or a setting is inconsistent.
    public static func run(_ inputs: ScenarioInputs, draws: Int? = nil, seed: UInt64? = nil,
                           progress: ((Double) -> Void)? = nil) throws -> ScenarioRun {
        try runStreaming(inputs, draws: draws, seed: seed, threads: ProcessInfo.processInfo.activeProcessorCount,
                         progress: progress)
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
        var allDraws: [SeriesDraws] = []
        var elasticityDraws: [[Double]] = []
        var elasticities: [ElasticityUsed] = []
        var provenance: [ProvenanceItem] = []
        var histories: [HistorySeries] = []
        for (index, projection) in specification.projections.enumerated() {
            let prepared = try prepare(projection, index: index, inputs: inputs, years: years)
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
            progress?(Double(index + 1) / Double(specification.projections.count + 1))
        }
        let cells = summarise(allDraws, scenarios: specification.scenarios, years: years)
        let context = GapContext(specification: specification, inputs: inputs, years: years, draws: allDraws,
                                 histories: histories, elasticityDraws: elasticityDraws,
                                 lags: specification.projections.map { $0.driver?.lag ?? 0 },
                                 hasDriver: specification.projections.map { $0.driver != nil })
        let analysis = GapAnalysis.rows(context)
        provenance += analysis.provenance
        let planActual = planVersusActual(inputs: inputs, cells: cells, baseline: specification.scenarios[0].name)
        progress?(1)
        let run = ScenarioRun(specification: specification, draws: drawCount, seed: seedValue, years: years, cells: cells,
                              gaps: analysis.rows, planVersusActual: planActual, elasticities: elasticities,
                              provenance: provenance, histories: histories, warnings: [])
        return (run, allDraws)
    }

    // MARK: - One projection

    /// Which series a projection produces, before anything is fitted.
    struct ProjectionLayout {
        /// The regions whose own series are projected.
        let sources: [String]
        /// The member shares (level `parent` with a zone series).
        let shares: [MemberShare]
        /// The indicator and region of the derived or summed zone series, if the projection has one.
        let targetIndicator: String
        let zoneRegion: String?
        let hasZone: Bool
        let hasDriver: Bool

        init(_ projection: ProjectionSpecification, zone: ZoneSpecification?) {
            switch projection.level {
            case .parent: sources = projection.regions.isEmpty ? [zone?.parent].compactMap { $0 } : [projection.regions[0]]
            case .members: sources = projection.regions.isEmpty ? zone?.members ?? [] : projection.regions
            case .regions: sources = projection.regions
            }
            targetIndicator = projection.targetSeries?.indicator ?? projection.indicator
            let zoneRegion = projection.targetSeries?.region ?? zone?.region
            self.zoneRegion = zoneRegion
            hasDriver = projection.driver != nil
            switch projection.level {
            case .parent:
                hasZone = zoneRegion != nil && (projection.targetSeries != nil || !(projection.memberShares?.shares ?? []).isEmpty)
                shares = hasZone ? projection.memberShares?.shares ?? [] : []
            case .members, .regions:
                hasZone = (projection.level == .members || zone != nil) && zoneRegion != nil
                shares = []
            }
        }

        /// Region and indicator of every series, in output order: outcomes, drivers, members, zone.
        func keys(_ projection: ProjectionSpecification) -> [SeriesKey] {
            var keys = sources.map { SeriesKey(region: $0, indicator: projection.indicator) }
            if let driver = projection.driver { keys += sources.map { SeriesKey(region: $0, indicator: driver.indicator) } }
            keys += shares.map { SeriesKey(region: $0.region, indicator: targetIndicator) }
            if hasZone, let zoneRegion { keys.append(SeriesKey(region: zoneRegion, indicator: targetIndicator)) }
            return keys
        }
    }

    /// A projection fitted and described, ready to draw: its series (without draws) in output order
    /// (outcomes, drivers, members, zone), provenance and histories.
    struct PreparedProjection {
        let index: Int
        let projection: ProjectionSpecification
        let layout: ProjectionLayout
        let outcomes: [SeriesProjection]
        let drivers: [SeriesProjection]
        let elasticity: ElasticityUsed?
        let provenance: [ProvenanceItem]
        let histories: [HistorySeries]
        /// Every series of the projection with empty values, in output order.
        let series: [SeriesDraws]
        /// Whether each source region draws from a random stream of its own (level `regions`), so that
        /// regions can be drawn one at a time; otherwise one stream serves the whole projection.
        var drawsByRegion: Bool { projection.level == .regions }
    }

    /// Fits the outcome and driver series of `projection` and describes what it will produce.
    static func prepare(_ projection: ProjectionSpecification, index: Int, inputs: ScenarioInputs,
                        years: [Int]) throws -> PreparedProjection {
        let specification = inputs.specification
        let zone = specification.zone
        let layout = ProjectionLayout(projection, zone: zone)
        let sources = layout.sources
        guard !sources.isEmpty else {
            throw ScenarioError.invalid("projection \(projection.indicator) names no region to project")
        }
        let unit = projection.unit.map(UnitOfMeasure.parse)
        let outcomes = try sources.map {
            try SeriesProjection(panel: inputs.panel, region: $0, indicator: projection.indicator, unit: unit,
                                 modelName: projection.model, historyFrom: projection.historyFrom,
                                 asOf: specification.asOf, years: years)
        }
        var provenance: [ProvenanceItem] = outcomes.map {
            ProvenanceItem(kind: "model", subject: "\($0.region)/\($0.indicator)", detail: $0.modelDescription)
        }
        provenance += outcomes.flatMap { dataProvenance(inputs.panel, region: $0.region, indicator: $0.indicator) }
        var histories = outcomes.map {
            HistorySeries(region: $0.region, indicator: $0.indicator, unit: $0.unit.code, years: $0.history.years,
                          values: $0.history.values, derived: false)
        }

        // The driver: its baseline projection per source region and the elasticity.
        var drivers: [SeriesProjection] = []
        var elasticity: ElasticityUsed?
        if let driver = projection.driver {
            drivers = try sources.map {
                try SeriesProjection(panel: inputs.panel, region: $0, indicator: driver.indicator,
                                     unit: driver.unit.map(UnitOfMeasure.parse), modelName: driver.model,
                                     historyFrom: projection.historyFrom, asOf: specification.asOf, years: years)
            }
            provenance += drivers.map {
                ProvenanceItem(kind: "model", subject: "\($0.region)/\($0.indicator) (driver)", detail: $0.modelDescription)
            }
            provenance += drivers.flatMap { dataProvenance(inputs.panel, region: $0.region, indicator: $0.indicator) }
            histories += drivers.map {
                HistorySeries(region: $0.region, indicator: $0.indicator, unit: $0.unit.code, years: $0.history.years,
                              values: $0.history.values, derived: false)
            }
            let used = try resolveElasticity(driver, outcome: projection.indicator, inputs: inputs)
            elasticity = used
            provenance.append(ProvenanceItem(kind: "elasticity", subject: "\(projection.indicator) ← \(driver.indicator)",
                                             detail: String(format: "%.4f (s.e. %.4f), lag %d: ", used.value,
                                                            used.standardError, driver.lag) + used.source))
        }

        // Derived series: the target series (factors) and member cities (shares) for level `parent`.
        let factors = projection.targetSeries?.factors ?? []
        for factor in factors {
            provenance.append(ProvenanceItem(kind: "factor", subject: factor.name,
                                             detail: String(format: "%.6g (s.e. %.3g): ", factor.value, factor.standardError) + factor.rule))
        }
        let shares = projection.memberShares?.shares ?? []
        for share in shares {
            provenance.append(ProvenanceItem(kind: "share", subject: "\(share.region) share of \(zone?.region ?? "zone")",
                                             detail: String(format: "%.4g (±%.0f %%, %@): ", share.share, share.relativeError * 100,
                                                            share.basis) + share.rule))
        }
        let targetIndicator = layout.targetIndicator
        let targetUnit = projection.targetSeries.map { UnitOfMeasure.parse($0.unit) } ?? outcomes[0].unit
        let shareTotal = shares.reduce(0) { $0 + $1.share }

        let outcomeModel = outcomes[0].fitted.selection?.label ?? outcomes[0].fitted.family
        var series = outcomes.map {
            SeriesDraws(region: $0.region, indicator: $0.indicator, unit: $0.unit, kind: "projected", model: outcomeModel,
                        values: [], projection: index)
        }
        series += drivers.map {
            SeriesDraws(region: $0.region, indicator: $0.indicator, unit: $0.unit, kind: "driver",
                        model: $0.fitted.selection?.label ?? $0.fitted.family, values: [], projection: index)
        }
        let factorRule = factors.map(\.name).joined(separator: " × ")
        let derivedModel = factors.isEmpty ? outcomeModel : "\(outcomeModel) × \(factorRule)"
        if layout.hasZone, let zoneRegion = layout.zoneRegion {
            switch projection.level {
            case .parent:
                series += layout.shares.map {
                    SeriesDraws(region: $0.region, indicator: targetIndicator, unit: targetUnit, kind: "derived",
                                model: "\(derivedModel) × share", values: [], projection: index)
                }
                series.append(SeriesDraws(region: zoneRegion, indicator: targetIndicator, unit: targetUnit,
                                          kind: shares.isEmpty ? "derived" : "sum", model: derivedModel,
                                          values: [], projection: index))
            case .members, .regions:
                series.append(SeriesDraws(region: zoneRegion, indicator: targetIndicator, unit: targetUnit, kind: "sum",
                                          model: "sum of members (\(outcomeModel))", values: [], projection: index))
            }

            // Histories of the derived series (central factors and shares), marked as derived.
            let central = factors.reduce(1) { $0 * $1.value }
            if projection.level == .parent {
                let parent = outcomes[0].history
                histories.append(HistorySeries(region: zoneRegion, indicator: targetIndicator, unit: targetUnit.code,
                                               years: parent.years, values: parent.values.map { $0 * central }, derived: true))
                for share in shares {
                    histories.append(HistorySeries(region: share.region, indicator: targetIndicator, unit: targetUnit.code,
                                                   years: parent.years,
                                                   values: parent.values.map { $0 * central * share.share / shareTotal }, derived: true))
                }
            } else {
                let common = outcomes.map { Set($0.history.years) }.reduce(Set(outcomes[0].history.years)) { $0.intersection($1) }.sorted()
                histories.append(HistorySeries(
                    region: zoneRegion, indicator: targetIndicator, unit: targetUnit.code, years: common,
                    values: common.map { year in
                        outcomes.reduce(0) { $0 + $1.history.values[$1.history.years.firstIndex(of: year)!] } * central
                    }, derived: true))
            }
        }
        return PreparedProjection(index: index, projection: projection, layout: layout, outcomes: outcomes, drivers: drivers,
                                  elasticity: elasticity, provenance: provenance, histories: histories, series: series)
    }

    /// The draws of some source regions of a projection: outcomes and drivers in source order, and the
    /// members (level `parent`, drawn with the whole projection only).
    struct ChunkDraws {
        /// Indices of the chunk's source regions.
        let regions: Range<Int>
        var outcomes: [SeriesDraws]
        var drivers: [SeriesDraws]
        var members: [SeriesDraws]
        /// The projection's elasticity draws (0 without a driver).
        var elasticity: [Double]
    }

    /// What stays after all chunks of a projection have been drawn.
    struct SimulationOutput {
        /// The zone series (sum or derived), if the projection has one.
        var zone: SeriesDraws?
        /// The elasticity draw of every draw (0 without a driver).
        var elasticityDraws: [Double]
    }

    /// Per-draw quantities shared by every series of a projection.
    private struct CommonDraws {
        var elasticity: [Double]
        var factorProducts: [Double]
        /// Share of member c in draw d at c · draws + d (normalised to sum to 1 in every draw).
        var shares: [Double]
    }

    /// Draws `prepared` and hands its series to `body` chunk by chunk, in source order: the whole
    /// projection at once from the projection's stream `root.split(stream: index + 1)`, or, at level
    /// `regions`, one source region at a time (its paths from that stream split again by region, the
    /// elasticity and factor draws from the projection's stream), so that no more than one region's
    /// draws are held. With `only`, only the chunks holding a series of these (output-order) indices are
    /// drawn, and the zone is not returned unless one of them is the zone.
    static func simulate(_ prepared: PreparedProjection, inputs: ScenarioInputs, years: [Int], draws: Int,
                         root: RandomSource, only: Set<Int>? = nil, _ body: (ChunkDraws) -> Void) -> SimulationOutput {
        let scenarios = inputs.specification.scenarios
        let hasZone = prepared.layout.hasZone
        var zone: [[[Double]]] = hasZone
            ? Array(repeating: Array(repeating: [Double](repeating: 0, count: draws), count: years.count), count: scenarios.count)
            : []
        var projectionStream = root.split(stream: UInt64(prepared.index + 1))
        let output: SimulationOutput
        if prepared.drawsByRegion {
            let sourceCount = prepared.outcomes.count
            let zoneIndex = prepared.series.count - 1
            let needsAll = only == nil || (hasZone && only!.contains(zoneIndex))
            let common = drawCommon(prepared, draws: draws, rng: &projectionStream)
            let regionRoot = root.split(stream: UInt64(prepared.index + 1))
            for r in 0..<sourceCount {
                if !needsAll, let only, !only.contains(r), !(prepared.layout.hasDriver && only.contains(sourceCount + r)) { continue }
                var rng = regionRoot.split(stream: UInt64(r + 1))
                body(drawRegions(prepared, regions: r..<(r + 1), common: common, inputs: inputs, years: years, draws: draws,
                                 rng: &rng, zone: &zone).chunk)
            }
            output = SimulationOutput(zone: nil, elasticityDraws: common.elasticity)
            if !needsAll { return output }
        } else {
            let drawn = drawRegions(prepared, regions: 0..<prepared.outcomes.count, common: nil, inputs: inputs, years: years,
                                    draws: draws, rng: &projectionStream, zone: &zone)
            body(drawn.chunk)
            output = SimulationOutput(zone: nil, elasticityDraws: drawn.common.elasticity)
        }
        guard hasZone, var zoneDraws = prepared.series.last else { return output }
        zoneDraws.values = zone
        return SimulationOutput(zone: zoneDraws, elasticityDraws: output.elasticityDraws)
    }

    /// The elasticity, factor-product and share draws of a projection whose regions draw their paths
    /// from streams of their own, in the order the whole-projection stream would draw them per draw.
    private static func drawCommon(_ prepared: PreparedProjection, draws: Int, rng: inout RandomSource) -> CommonDraws {
        let factors = prepared.projection.targetSeries?.factors ?? []
        let shares = prepared.projection.memberShares?.shares ?? []
        let shareTotal = shares.reduce(0) { $0 + $1.share }
        let elasticityValue = prepared.elasticity?.value ?? 0, elasticityError = prepared.elasticity?.standardError ?? 0
        var common = CommonDraws(elasticity: [Double](repeating: 0, count: draws),
                                 factorProducts: [Double](repeating: 1, count: draws),
                                 shares: [Double](repeating: 0, count: shares.count * draws))
        var shareDraw = [Double](repeating: 0, count: shares.count)
        for d in 0..<draws {
            common.elasticity[d] = prepared.elasticity == nil ? 0 : elasticityValue + elasticityError * rng.nextNormal()
            var factorProduct = 1.0
            for factor in factors {
                factorProduct *= lognormal(mean: factor.value, standardError: factor.standardError, rng: &rng)
            }
            common.factorProducts[d] = factorProduct
            var shareSum = 0.0
            for (c, share) in shares.enumerated() {
                shareDraw[c] = lognormal(mean: share.share / shareTotal, standardError: share.relativeError * share.share / shareTotal,
                                         rng: &rng)
                shareSum += shareDraw[c]
            }
            for c in shares.indices { common.shares[c * draws + d] = shareDraw[c] / shareSum }
        }
        return common
    }

    /// Draws the source regions `regions` of `prepared` (all of them for a projection drawn whole) in
    /// two passes. Pass 1 draws, draw after draw in the generator's order, every baseline path
    /// (outcomes, then drivers) and, when `common` is nil, the elasticity, the derivation factors'
    /// product and the member shares, keeping them by year with the draws contiguous. Pass 2 applies
    /// each scenario to all draws at once, one series × year at a time, adding the regions' values to
    /// the zone accumulator `zone[scenario][year][draw]` (in region order).
    private static func drawRegions(_ prepared: PreparedProjection, regions: Range<Int>, common given: CommonDraws?,
                                    inputs: ScenarioInputs, years: [Int], draws: Int, rng: inout RandomSource,
                                    zone zoneSums: inout [[[Double]]]) -> (chunk: ChunkDraws, common: CommonDraws) {
        let specification = inputs.specification
        let scenarios = specification.scenarios
        let projection = prepared.projection
        let sources = Array(prepared.layout.sources[regions])
        let outcomes = Array(prepared.outcomes[regions])
        let drivers = prepared.drivers.isEmpty ? [] : Array(prepared.drivers[regions])
        let allSources = prepared.outcomes.count
        var outcomeDraws = Array(prepared.series[regions])
        var driverDraws = prepared.drivers.isEmpty ? [] : Array(prepared.series[(allSources + regions.lowerBound)..<(allSources + regions.upperBound)])
        // Every share is drawn, even without a zone series to use them (the generator's order).
        let shares = projection.memberShares?.shares ?? []
        let memberStart = allSources + prepared.drivers.count
        var memberDraws = Array(prepared.series[memberStart..<(memberStart + prepared.layout.shares.count)])
        let hasZone = prepared.layout.hasZone
        let factors = projection.targetSeries?.factors ?? []
        let shareTotal = shares.reduce(0) { $0 + $1.share }
        let elasticity = prepared.elasticity
        let yearCount = years.count

        let outcomeCount = outcomes.count, driverCount = drivers.count
        let pathCount = outcomeCount + driverCount
        let lag = projection.driver?.lag ?? 0
        let asOf = specification.asOf
        let isParent = projection.level == .parent
        // Plain numbers for the draw loop (no struct copies, and so no reference counting, per draw).
        let factorMoments = factors.map { (mean: $0.value, standardError: $0.standardError) }
        let shareMoments = shares.map {
            (mean: $0.share / shareTotal, standardError: $0.relativeError * $0.share / shareTotal)
        }
        let elasticityValue = elasticity?.value ?? 0, elasticityError = elasticity?.standardError ?? 0
        // The trend models of the paths: shapes and offsets into one parameter array; nil for a series
        // drawn through its predictive distributions instead.
        var pathParameters: [Double] = []
        var pathModels: [(shape: SeriesProjection.PathModel.Shape, offset: Int)?] = []
        for series in outcomes + drivers {
            guard let model = series.pathModel else {
                pathModels.append(nil)
                continue
            }
            pathModels.append((model.shape, pathParameters.count))
            pathParameters += model.parameters
        }

        // Pass 1. Baseline path q in year k of draw d at (q · years + k) · draws + d.
        var baseline = [Double](repeating: 0, count: pathCount * yearCount * draws)
        let drawsCommon = given == nil
        var common = given ?? CommonDraws(elasticity: [Double](repeating: 0, count: draws),
                                          factorProducts: [Double](repeating: 1, count: draws),
                                          shares: [Double](repeating: 0, count: shares.count * draws))
        var path = [Double](repeating: 0, count: yearCount)
        var shareDraw = [Double](repeating: 0, count: shares.count)
        pathParameters.withUnsafeBufferPointer { parameters in
            baseline.withUnsafeMutableBufferPointer { stored in
                path.withUnsafeMutableBufferPointer { drawn in
                    for d in 0..<draws {
                        for q in 0..<pathCount {
                            if let model = pathModels[q] {
                                SeriesProjection.PathModel.draw(model.shape, parameters: parameters.baseAddress! + model.offset,
                                                                into: drawn.baseAddress!, rng: &rng)
                            } else {
                                (q < outcomeCount ? outcomes[q] : drivers[q - outcomeCount]).draw(into: drawn.baseAddress!, rng: &rng)
                            }
                            for k in 0..<yearCount { stored[(q * yearCount + k) * draws + d] = drawn[k] }
                        }
                        guard drawsCommon else { continue }
                        common.elasticity[d] = elasticity == nil ? 0 : elasticityValue + elasticityError * rng.nextNormal()
                        var factorProduct = 1.0
                        for factor in factorMoments {
                            factorProduct *= lognormal(mean: factor.mean, standardError: factor.standardError, rng: &rng)
                        }
                        common.factorProducts[d] = factorProduct
                        var shareSum = 0.0
                        for (c, share) in shareMoments.enumerated() {
                            shareDraw[c] = lognormal(mean: share.mean, standardError: share.standardError, rng: &rng)
                            shareSum += shareDraw[c]
                        }
                        for c in shares.indices { common.shares[c * draws + d] = shareDraw[c] / shareSum }
                    }
                }
            }
        }
        let elasticityDraws = common.elasticity, factorProducts = common.factorProducts, shareDraws = common.shares

        // Pass 2. A scenario scales the outcome in year t by r(t − lag)^ε and the driver in year t by r(t),
        // r the ratio of the scenario's driver path to the baseline (1 up to the as-of year). Baseline and
        // uplift paths have ratios that do not depend on the draw; amounts and extra budgets do.
        let driverIndices: [Int?] = years.map { year in
            driverCount > 0 && year - lag > asOf ? years.firstIndex(of: year - lag) : nil
        }
        var outcomeValues = [[[[Double]]]](repeating: [], count: outcomeCount)
        var driverValues = [[[[Double]]]](repeating: [], count: driverCount)
        var memberValues = [[[[Double]]]](repeating: [], count: memberDraws.count)
        /// A column of `draws` values, written by `body` into uninitialised storage.
        func column(_ body: (UnsafeMutablePointer<Double>) -> Void) -> [Double] {
            [Double](unsafeUninitializedCapacity: draws) { buffer, initialized in
                body(buffer.baseAddress!)
                initialized = draws
            }
        }
        baseline.withUnsafeBufferPointer { stored in
            let base = stored.baseAddress!
            for (s, scenario) in scenarios.enumerated() {
                let path = scenario.driver
                let drawFree: Bool
                switch path {
                case .baseline, .uplift: drawFree = true
                case .amounts, .extraBudget: drawFree = false
                }
                for index in 0..<outcomeCount { outcomeValues[index].append([]) }
                for index in 0..<driverCount { driverValues[index].append([]) }
                for index in memberValues.indices { memberValues[index].append([]) }
                for k in 0..<yearCount {
                    let year = years[k], driverYear = year - lag
                    let driverIndex = driverIndices[k]
                    // For a draw-free path: the ratio of the outcome's driver year and its power per draw.
                    let fixedRatio = driverIndex == nil ? 1 : driverRatio(path, region: "", year: driverYear, baseline: .nan,
                                                                          share: 1, receivesWhole: false)
                    let fixedPowers: [Double] = drawFree && fixedRatio != 1
                        ? column { power in for d in 0..<draws { power[d] = pow(fixedRatio, elasticityDraws[d]) } } : []
                    /// `ratio^ε` of draw d (pow(1, ε) is exactly 1; a draw-free ratio's power is computed once).
                    func power(_ ratio: Double, _ d: Int) -> Double {
                        if ratio == 1 { return 1 }
                        return drawFree ? fixedPowers[d] : pow(ratio, elasticityDraws[d])
                    }
                    var zone: [Double] = []
                    if hasZone { swap(&zone, &zoneSums[s][k]) }
                    for r in 0..<outcomeCount {
                        let outcome = base + (r * yearCount + k) * draws
                        let ownDriver = base + ((outcomeCount + r) * yearCount + k) * draws
                        let laggedDriver = driverIndex.map { base + ((outcomeCount + r) * yearCount + $0) * draws }
                        let values = column { value in
                            for d in 0..<draws {
                                var ratio = 1.0
                                if let laggedDriver {
                                    ratio = drawFree ? fixedRatio : driverRatio(path, region: sources[r], year: driverYear,
                                                                                baseline: laggedDriver[d], share: 1,
                                                                                receivesWhole: isParent)
                                }
                                value[d] = outcome[d] * power(ratio, d)
                            }
                        }
                        outcomeValues[r][s].append(values)
                        if driverCount > 0 {
                            let ownRatio = drawFree ? driverRatio(path, region: "", year: year, baseline: .nan, share: 1,
                                                                  receivesWhole: false) : .nan
                            driverValues[r][s].append(column { value in
                                for d in 0..<draws {
                                    let ratio = drawFree ? ownRatio : driverRatio(path, region: sources[r], year: year,
                                                                                  baseline: ownDriver[d], share: 1,
                                                                                  receivesWhole: isParent)
                                    value[d] = ownDriver[d] * ratio
                                }
                            })
                        }
                        if !isParent, hasZone {
                            for d in 0..<draws { zone[d] += values[d] * factorProducts[d] }
                        }
                    }
                    if isParent, hasZone {
                        if shares.isEmpty {
                            let parent = outcomeValues[0][s][k]
                            for d in 0..<draws { zone[d] = parent[d] * factorProducts[d] }
                        } else {
                            let parentDriver = driverIndex.map { base + (outcomeCount * yearCount + $0) * draws }
                            for c in shares.indices {
                                let region = shares[c].region
                                memberValues[c][s].append(column { value in
                                    for d in 0..<draws {
                                        let parentBaseline = base[k * draws + d] * factorProducts[d]
                                        let share = shareDraws[c * draws + d]
                                        var ratio = 1.0
                                        if let parentDriver {
                                            ratio = drawFree ? fixedRatio : driverRatio(path, region: region, year: driverYear,
                                                                                        baseline: parentDriver[d], share: share,
                                                                                        receivesWhole: false)
                                        }
                                        value[d] = parentBaseline * share * power(ratio, d)
                                        zone[d] += value[d]
                                    }
                                })
                            }
                        }
                    }
                    if hasZone { swap(&zone, &zoneSums[s][k]) }
                }
            }
        }
        baseline = []
        for r in 0..<outcomeCount { outcomeDraws[r].values = outcomeValues[r] }
        for r in 0..<driverCount { driverDraws[r].values = driverValues[r] }
        for c in memberDraws.indices { memberDraws[c].values = memberValues[c] }
        return (ChunkDraws(regions: regions, outcomes: outcomeDraws, drivers: driverDraws, members: memberDraws,
                           elasticity: elasticityDraws), common)
    }

    /// The scenario's driver value divided by the baseline's in `year` for `region` (1 before a change).
    /// `share` is the region's share of the `baseline` driver (a city's share of its parent's budget;
    /// 1 for a region's own driver). An extra budget goes whole to a series that `receivesWhole` (the
    /// parent's own), and otherwise by the split weights.
    static func driverRatio(_ path: DriverPath, region: String, year: Int, baseline: Double, share: Double,
                            receivesWhole: Bool) -> Double {
        switch path {
        case .baseline:
            return 1
        case .uplift(let percent, let fromYear):
            return year >= fromYear ? pow(1 + percent / 100, Double(year - fromYear + 1)) : 1
        case .amounts(let amounts):
            guard let amount = amounts[year], baseline > 0 else { return 1 }
            return amount / baseline
        case .extraBudget(let amount, let fromYear, let split):
            guard year >= fromYear, baseline > 0 else { return 1 }
            let total = split.values.reduce(0, +)
            guard total > 0 else { return 1 }
            if receivesWhole { return (baseline + amount) / baseline }
            let weight = (split[region] ?? 0) / total
            return (share * baseline + amount * weight) / (share * baseline)
        }
    }

    /// A lognormal draw with the given mean and standard error (the mean itself when the error is 0).
    private static func lognormal(mean: Double, standardError: Double, rng: inout RandomSource) -> Double {
        guard standardError > 0, mean > 0 else { return mean }
        let variance = log(1 + (standardError / mean) * (standardError / mean))
        return exp(log(mean) - variance / 2 + variance.squareRoot() * rng.nextNormal())
    }

    private static func resolveElasticity(_ driver: DriverSpecification, outcome: String, inputs: ScenarioInputs) throws -> ElasticityUsed {
        switch driver.elasticity {
        case .given(let value, let standardError):
            return ElasticityUsed(outcome: outcome, driver: driver.indicator, lag: driver.lag, value: value,
                                  standardError: standardError, source: "given in the scenario file")
        case .estimate(let regions, let fromYear):
            do {
                let estimate = try PanelElasticity.estimate(
                    panel: inputs.panel, outcome: outcome, driver: driver.indicator, lag: driver.lag, regions: regions,
                    fromYear: fromYear, throughYear: inputs.specification.asOf, standardError: .clusteredByRegion,
                    hierarchy: inputs.hierarchy)
                return ElasticityUsed(outcome: outcome, driver: driver.indicator, lag: driver.lag, value: estimate.value,
                                      standardError: estimate.standardError,
                                      source: "\(estimate.method); \(estimate.observationCount) observations, "
                                          + "\(estimate.regionCount) regions, \(estimate.years.lowerBound)–\(estimate.years.upperBound)")
            } catch .internalFailure(let message) {
                throw ScenarioError.internalFailure("the elasticity of \(outcome) on \(driver.indicator): \(message)")
            } catch {
                throw ScenarioError.invalid("the elasticity of \(outcome) on \(driver.indicator) cannot be estimated: \(error)")
            }
        }
    }

    private static func dataProvenance(_ panel: Panel, region: String, indicator: String) -> [ProvenanceItem] {
        guard let series = panel.series(region: region, indicator: indicator) else { return [] }
        let sources = Array(Set(series.observations.map(\.source))).sorted()
        return sources.map { ProvenanceItem(kind: "data", subject: "\(region)/\(indicator)", detail: $0) }
    }

    // MARK: - Summaries

    /// The cells of every series, ordered by scenario, then series, then year.
    static func summarise(_ draws: [SeriesDraws], scenarios: [ScenarioCase], years: [Int]) -> [ProjectionCell] {
        var scratch: [Double] = []
        let perSeries = draws.map { cells(of: $0, scenarios: scenarios, years: years, scratch: &scratch) }
        return scenarios.indices.flatMap { s in perSeries.flatMap { $0[s] } }
    }

    /// The cells of one series, `[scenario][year]`; `scratch` is a reusable buffer for the quantiles.
    static func cells(of series: SeriesDraws, scenarios: [ScenarioCase], years: [Int], scratch: inout [Double]) -> [[ProjectionCell]] {
        let probabilities = [0.025, 0.10, 0.5, 0.90, 0.975]
        return scenarios.enumerated().map { s, scenario in
            let moments = DrawSummary.moments(series.values[s])
            return years.enumerated().map { k, year in
                let q = DrawSummary.quantiles(series.values[s][k], probabilities, scratch: &scratch)
                return ProjectionCell(scenario: scenario.name, region: series.region, indicator: series.indicator,
                                      unit: series.unit.code, year: year, model: series.model,
                                      mean: moments[k].mean, meanStandardError: moments[k].meanStandardError,
                                      median: q[2], lo80: q[1], hi80: q[3], lo95: q[0], hi95: q[4], kind: series.kind)
            }
        }
    }

    static func planVersusActual(inputs: ScenarioInputs, cells: [ProjectionCell], baseline: String) -> [PlanVersusActualRow] {
        var rows: [PlanVersusActualRow] = []
        for cell in cells where cell.scenario == baseline {
            guard let series = inputs.panel.series(region: cell.region, indicator: cell.indicator),
                  let converted = try? series.converted(to: UnitOfMeasure.parse(cell.unit)),
                  let actual = converted.value(in: cell.year) else { continue }
            let target = inputs.targets.first {
                $0.indicator == cell.indicator && $0.year == cell.year
                    && (($0.scope == .zone && inputs.specification.zone?.region == cell.region)
                        || ($0.scope == .eachCity && (inputs.specification.zone?.members.contains(cell.region) ?? false)))
            }
            let targetValue = target.flatMap { try? converted.unit.convert(actual, to: $0.unit) }
            rows.append(PlanVersusActualRow(
                region: cell.region, indicator: cell.indicator, unit: cell.unit, year: cell.year, actual: actual,
                projectedMean: cell.mean, error: actual - cell.mean,
                errorPercent: actual != 0 ? (actual - cell.mean) / actual * 100 : .nan,
                covered80: actual >= cell.lo80 && actual <= cell.hi80, covered95: actual >= cell.lo95 && actual <= cell.hi95,
                targetID: target?.id, targetActuallyMet: targetValue.flatMap { value in target.map { $0.comparator.isMet(by: value) } }))
        }
        return rows
    }
}

/// Mean, Monte Carlo standard error and quantiles of a sample of draws.
///
/// The quantiles are those of the sorted sample (type 7), but only the order statistics that the
/// requested probabilities need are put in place (``OrderStatistics/select(_:ranks:)``): the same
/// values as a full sort, for a fraction of its cost.
struct DrawSummary {
    /// The probabilities of the 80 % and 95 % intervals: 0.025, 0.10, 0.90, 0.975.
    static let intervalProbabilities = [0.025, 0.10, 0.90, 0.975]

    /// The draws, rearranged so that every order statistic in ``ranks`` is at its sorted position.
    private let ordered: [Double]
    /// The sorted positions put in place.
    private let ranks: [Int]
    let mean: Double
    let meanStandardError: Double

    /// Summarises `values`, preparing the quantiles of `probabilities` (the intervals' by default).
    init(_ values: [Double], quantiles probabilities: [Double] = DrawSummary.intervalProbabilities) {
        (mean, meanStandardError) = Self.moments([values])[0]
        let ranks = Self.ranks(probabilities, count: values.count)
        var ordered = values
        ordered.withUnsafeMutableBufferPointer { OrderStatistics.select($0, ranks: ranks) }
        self.ordered = ordered
        self.ranks = ranks
    }

    /// The mean and its Monte Carlo standard error (sample standard deviation / √n) of each sample; all
    /// samples have one length. Each sum runs over the draws in order (`Σ x`, then `Σ (x − mean)²`), four
    /// samples at a time in the lanes of a SIMD vector, so the results are those of plain sequential sums.
    static func moments(_ samples: [[Double]]) -> [(mean: Double, meanStandardError: Double)] {
        var result: [(mean: Double, meanStandardError: Double)] = []
        result.reserveCapacity(samples.count)
        var start = 0
        while start < samples.count {
            let lanes = min(4, samples.count - start)
            let last = start + lanes - 1
            let n = samples[start].count
            precondition((start...last).allSatisfy { samples[$0].count == n }, "samples of different lengths")
            let count = Double(n)
            samples[start].withUnsafeBufferPointer { a in
                samples[min(start + 1, last)].withUnsafeBufferPointer { b in
                    samples[min(start + 2, last)].withUnsafeBufferPointer { c in
                        samples[min(start + 3, last)].withUnsafeBufferPointer { d in
                            var sum = SIMD4<Double>(repeating: 0)
                            for i in 0..<n { sum += SIMD4(a[i], b[i], c[i], d[i]) }
                            let mean = sum / count
                            var squares = SIMD4<Double>(repeating: 0)
                            if n > 1 {
                                for i in 0..<n {
                                    let deviation = SIMD4(a[i], b[i], c[i], d[i]) - mean
                                    squares += deviation * deviation
                                }
                            }
                            let variance = n > 1 ? squares / (count - 1) : SIMD4(repeating: 0)
                            let standardError = (variance / count).squareRoot()
                            for lane in 0..<lanes { result.append((mean[lane], standardError[lane])) }
                        }
                    }
                }
            }
            start += lanes
        }
        return result
    }

    /// The quantiles (type 7) of `values` at `probabilities`, selecting the order statistics in `scratch`
    /// (resized as needed, so that one buffer serves many samples).
    static func quantiles(_ values: [Double], _ probabilities: [Double], scratch: inout [Double]) -> [Double] {
        guard !values.isEmpty else { return probabilities.map { _ in .nan } }
        let ranks = ranks(probabilities, count: values.count)
        if scratch.count != values.count { scratch = values } else { scratch.withUnsafeMutableBufferPointer { target in
            values.withUnsafeBufferPointer { source in target.baseAddress!.update(from: source.baseAddress!, count: source.count) }
        } }
        scratch.withUnsafeMutableBufferPointer { OrderStatistics.select($0, ranks: ranks) }
        return probabilities.map { interpolate($0, ordered: scratch) }
    }

    /// The order statistics the quantiles of `probabilities` need among `count` values, ascending.
    private static func ranks(_ probabilities: [Double], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        return Array(Set(probabilities.flatMap { p -> [Int] in
            let (lower, upper) = positions(p, count: count)
            return [lower, upper]
        })).sorted()
    }

    /// The order statistics around the p-quantile (type 7) of `count` values.
    private static func positions(_ p: Double, count: Int) -> (lower: Int, upper: Int) {
        let position = p * Double(count - 1)
        let lower = Int(position.rounded(.down))
        return (lower, min(lower + 1, count - 1))
    }

    /// The p-quantile from values whose order statistics around it are in place.
    private static func interpolate(_ p: Double, ordered: [Double]) -> Double {
        let (lower, upper) = positions(p, count: ordered.count)
        let position = p * Double(ordered.count - 1)
        let fraction = position - Double(lower)
        return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction
    }

    /// The p-quantile with linear interpolation between order statistics (type 7); `p` must be one of
    /// the probabilities the summary was made for.
    func quantile(_ p: Double) -> Double {
        guard !ordered.isEmpty else { return .nan }
        let (lower, upper) = Self.positions(p, count: ordered.count)
        precondition(ranks.contains(lower) && ranks.contains(upper), "quantile \(p) was not prepared by this summary")
        return Self.interpolate(p, ordered: ordered)
    }
}

/// Selection of order statistics without a full sort.
enum OrderStatistics {
    /// Rearranges `values` so that `values[k]` is the k-th smallest (0-based, as after sorting) for
    /// every k in `ranks` (ascending, within bounds). A quickselect on all the ranks at once: a
    /// branch-free Lomuto partition around a median-of-three pivot, recursing only into parts that
    /// hold a rank; small parts, and recursions past 2 log₂ n levels (many ties), are sorted instead.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, ranks: [Int]) {
        guard !ranks.isEmpty, values.count > 1, let base = values.baseAddress else { return }
        let depth = 2 * (Int.bitWidth - values.count.leadingZeroBitCount)
        ranks.withUnsafeBufferPointer { selectRanks(base, 0, values.count, ranks: $0, 0, $0.count, depth: depth) }
    }

    /// Puts ranks `ranks[first ..< last]` in place within `a[lo ..< hi]`.
    private static func selectRanks(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int,
                                    ranks: UnsafeBufferPointer<Int>, _ first: Int, _ last: Int, depth: Int) {
        guard first < last else { return }
        if hi - lo <= 32 {
            insertionSort(a, lo, hi)
            return
        }
        if depth == 0 {
            var part = UnsafeMutableBufferPointer(start: a + lo, count: hi - lo)
            part.sort()
            return
        }
        // Median of a[lo], a[mid], a[hi − 1] moved to a[hi − 1] as the pivot.
        let mid = lo + (hi - lo) / 2
        if a[mid] < a[lo] { swap(a, lo, mid) }
        if a[hi - 1] < a[lo] { swap(a, lo, hi - 1) }
        if a[mid] < a[hi - 1] { swap(a, mid, hi - 1) }
        let pivot = a[hi - 1]
        // Invariant: a[lo ..< store] < pivot ≤ a[store ..< i]; no branch on the comparison.
        var store = lo
        for i in lo..<(hi - 1) {
            let x = a[i]
            let smaller = x < pivot
            a[i] = a[store]
            a[store] = x
            store += smaller ? 1 : 0
        }
        a[hi - 1] = a[store]
        a[store] = pivot
        // The pivot is at its sorted position `store`.
        var split = first
        while split < last && ranks[split] < store { split += 1 }
        var resume = split
        while resume < last && ranks[resume] <= store { resume += 1 }
        selectRanks(a, lo, store, ranks: ranks, first, split, depth: depth - 1)
        selectRanks(a, store + 1, hi, ranks: ranks, resume, last, depth: depth - 1)
    }

    @inline(__always)
    private static func swap(_ a: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) {
        let x = a[i]
        a[i] = a[j]
        a[j] = x
    }

    private static func insertionSort(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        for i in (lo + 1)..<hi {
            let x = a[i]
            var j = i - 1
            while j >= lo && a[j] > x {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = x
        }
    }
}
