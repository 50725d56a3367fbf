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
public enum ScenarioEngine {
    /// Runs every scenario of `inputs`.
    /// - Parameters:
    ///   - draws: overrides the file's draws per scenario.
    ///   - seed: overrides the file's seed.
    ///   - progress: called with the fraction done (0…1) after each step; may be called from this thread only.
    /// - Throws: ``ScenarioError`` when a series cannot be projected or a setting is inconsistent.
    public static func run(_ inputs: ScenarioInputs, draws: Int? = nil, seed: UInt64? = nil,
                           progress: ((Double) -> Void)? = nil) throws -> ScenarioRun {
        let specification = inputs.specification
        let drawCount = draws ?? specification.simulation.draws
        let seedValue = seed ?? specification.simulation.seed
        guard drawCount >= 1 else { throw ScenarioError.invalid("the number of draws must be at least 1; got \(drawCount)") }
        guard !specification.scenarios.isEmpty else { throw ScenarioError.invalid("the scenario file defines no scenario") }
        let years = Array(specification.projectionYears)
        let root = RandomSource(seed: seedValue)
        var allDraws: [SeriesDraws] = []
        var elasticityDraws: [[Double]] = []
        var elasticities: [ElasticityUsed] = []
        var provenance: [ProvenanceItem] = []
        var histories: [HistorySeries] = []
        var lags: [Int] = []
        var hasDriver: [Bool] = []
        for (index, projection) in specification.projections.enumerated() {
            var rng = root.split(stream: UInt64(index + 1))
            let output = try simulate(projection, index: index, inputs: inputs, years: years, draws: drawCount, rng: &rng)
            allDraws += output.series
            elasticityDraws.append(output.elasticityDraws)
            if let used = output.elasticity { elasticities.append(used) }
            provenance += output.provenance
            histories += output.histories
            lags.append(projection.driver?.lag ?? 0)
            hasDriver.append(projection.driver != nil)
            progress?(Double(index + 1) / Double(specification.projections.count + 1))
        }
        let cells = summarise(allDraws, scenarios: specification.scenarios, years: years)
        let context = GapContext(specification: specification, inputs: inputs, years: years, draws: allDraws,
                                 histories: histories, elasticityDraws: elasticityDraws, lags: lags, hasDriver: hasDriver)
        let analysis = GapAnalysis.rows(context)
        provenance += analysis.provenance
        let planActual = planVersusActual(inputs: inputs, cells: cells, baseline: specification.scenarios[0].name)
        progress?(1)
        return ScenarioRun(specification: specification, draws: drawCount, seed: seedValue, years: years, cells: cells,
                           gaps: analysis.rows, planVersusActual: planActual, elasticities: elasticities,
                           provenance: provenance, histories: histories, warnings: [])
    }

    // MARK: - Simulation of one projection

    private struct ProjectionOutput {
        var series: [SeriesDraws]
        var elasticityDraws: [Double]
        var elasticity: ElasticityUsed?
        var provenance: [ProvenanceItem]
        var histories: [HistorySeries]
    }

    /// The regions whose own series are projected.
    private static func sourceRegions(_ projection: ProjectionSpecification, zone: ZoneSpecification?) -> [String] {
        switch projection.level {
        case .parent: return projection.regions.isEmpty ? [zone?.parent].compactMap { $0 } : [projection.regions[0]]
        case .members: return projection.regions.isEmpty ? zone?.members ?? [] : projection.regions
        case .regions: return projection.regions
        }
    }

    private static func simulate(_ projection: ProjectionSpecification, index: Int, inputs: ScenarioInputs, years: [Int],
                                 draws: Int, rng: inout RandomSource) throws -> ProjectionOutput {
        let specification = inputs.specification
        let zone = specification.zone
        let scenarios = specification.scenarios
        let sources = sourceRegions(projection, zone: zone)
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
            elasticity = try resolveElasticity(driver, outcome: projection.indicator, inputs: inputs)
            provenance.append(ProvenanceItem(kind: "elasticity", subject: "\(projection.indicator) ← \(driver.indicator)",
                                             detail: String(format: "%.4f (s.e. %.4f), lag %d: ", elasticity!.value,
                                                            elasticity!.standardError, driver.lag) + elasticity!.source))
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
        let targetIndicator = projection.targetSeries?.indicator ?? projection.indicator
        let targetUnit = projection.targetSeries.map { UnitOfMeasure.parse($0.unit) } ?? outcomes[0].unit
        let zoneRegion = projection.targetSeries?.region ?? zone?.region
        let shareTotal = shares.reduce(0) { $0 + $1.share }

        let scenarioCount = scenarios.count, yearCount = years.count
        func empty() -> [[[Double]]] {
            Array(repeating: Array(repeating: [Double](repeating: 0, count: draws), count: yearCount), count: scenarioCount)
        }
        let outcomeModel = outcomes[0].fitted.selection?.label ?? outcomes[0].fitted.family
        var outcomeDraws = outcomes.map {
            SeriesDraws(region: $0.region, indicator: $0.indicator, unit: $0.unit, kind: "projected", model: outcomeModel,
                        values: empty(), projection: index)
        }
        var driverDraws = drivers.map {
            SeriesDraws(region: $0.region, indicator: $0.indicator, unit: $0.unit, kind: "driver",
                        model: $0.fitted.selection?.label ?? $0.fitted.family, values: empty(), projection: index)
        }
        let factorRule = factors.map(\.name).joined(separator: " × ")
        let derivedModel = factors.isEmpty ? outcomeModel : "\(outcomeModel) × \(factorRule)"
        var memberDraws: [SeriesDraws] = []
        var zoneDraws: SeriesDraws?
        switch projection.level {
        case .parent:
            if let zoneRegion, projection.targetSeries != nil || !shares.isEmpty {
                memberDraws = shares.map {
                    SeriesDraws(region: $0.region, indicator: targetIndicator, unit: targetUnit, kind: "derived",
                                model: "\(derivedModel) × share", values: empty(), projection: index)
                }
                zoneDraws = SeriesDraws(region: zoneRegion, indicator: targetIndicator, unit: targetUnit,
                                        kind: shares.isEmpty ? "derived" : "sum", model: derivedModel,
                                        values: empty(), projection: index)
            }
        case .members, .regions:
            if projection.level == .members || zone != nil, let zoneRegion {
                zoneDraws = SeriesDraws(region: zoneRegion, indicator: targetIndicator, unit: targetUnit, kind: "sum",
                                        model: "sum of members (\(outcomeModel))", values: empty(), projection: index)
            }
        }

        var elasticityDraws = [Double](repeating: 0, count: draws)
        var outcomePath = [Double](repeating: 0, count: yearCount)
        var driverPaths = drivers.map { _ in [Double](repeating: 0, count: yearCount) }
        var outcomePaths = outcomes.map { _ in [Double](repeating: 0, count: yearCount) }
        var factorDraw = [Double](repeating: 1, count: 0)
        var shareDraw = [Double](repeating: 0, count: shares.count)
        let lag = projection.driver?.lag ?? 0
        let asOf = specification.asOf

        for d in 0..<draws {
            for (r, outcome) in outcomes.enumerated() {
                outcome.draw(into: &outcomePath, rng: &rng)
                outcomePaths[r] = outcomePath
            }
            for (r, driver) in drivers.enumerated() { driver.draw(into: &driverPaths[r], rng: &rng) }
            let epsilon = elasticity.map { $0.value + $0.standardError * rng.nextNormal() } ?? 0
            elasticityDraws[d] = epsilon
            factorDraw = factors.map { lognormal(mean: $0.value, standardError: $0.standardError, rng: &rng) }
            let factorProduct = factorDraw.reduce(1, *)
            var shareSum = 0.0
            for (c, share) in shares.enumerated() {
                shareDraw[c] = lognormal(mean: share.share / shareTotal, standardError: share.relativeError * share.share / shareTotal, rng: &rng)
                shareSum += shareDraw[c]
            }
            for c in shares.indices { shareDraw[c] /= shareSum }

            for (s, scenario) in scenarios.enumerated() {
                for k in 0..<yearCount {
                    let year = years[k]
                    let driverYear = year - lag
                    let driverIndex = driverYear > asOf ? years.firstIndex(of: driverYear) : nil
                    var zoneTotal = 0.0
                    for r in outcomes.indices {
                        let baselineDriver = driverIndex.map { driverPaths.isEmpty ? .nan : driverPaths[r][$0] } ?? .nan
                        let ratio = driverIndex == nil || drivers.isEmpty
                            ? 1 : driverRatio(scenario.driver, region: sources[r], year: driverYear, baseline: baselineDriver,
                                              share: 1, receivesWhole: projection.level == .parent)
                        let value = outcomePaths[r][k] * pow(ratio, epsilon)
                        outcomeDraws[r].values[s][k][d] = value
                        if !drivers.isEmpty {
                            let ownRatio = driverRatio(scenario.driver, region: sources[r], year: year, baseline: driverPaths[r][k],
                                                       share: 1, receivesWhole: projection.level == .parent)
                            driverDraws[r].values[s][k][d] = driverPaths[r][k] * ownRatio
                        }
                        if projection.level != .parent { zoneTotal += value * factorProduct }
                    }
                    if projection.level == .parent, zoneDraws != nil {
                        let parentBaseline = outcomePaths[0][k] * factorProduct
                        if shares.isEmpty {
                            zoneTotal = outcomeDraws[0].values[s][k][d] * factorProduct
                        } else {
                            let baselineDriver = driverIndex.map { driverPaths.isEmpty ? .nan : driverPaths[0][$0] } ?? .nan
                            for c in shares.indices {
                                let ratio = driverIndex == nil || drivers.isEmpty
                                    ? 1 : driverRatio(scenario.driver, region: shares[c].region, year: driverYear,
                                                      baseline: baselineDriver, share: shareDraw[c], receivesWhole: false)
                                let value = parentBaseline * shareDraw[c] * pow(ratio, epsilon)
                                memberDraws[c].values[s][k][d] = value
                                zoneTotal += value
                            }
                        }
                    }
                    zoneDraws?.values[s][k][d] = zoneTotal
                }
            }
        }

        // Histories of the derived series (central factors and shares), marked as derived.
        if projection.level == .parent, let zoneRegion, zoneDraws != nil {
            let central = factors.reduce(1) { $0 * $1.value }
            let parent = outcomes[0].history
            histories.append(HistorySeries(region: zoneRegion, indicator: targetIndicator, unit: targetUnit.code,
                                           years: parent.years, values: parent.values.map { $0 * central }, derived: true))
            for share in shares {
                histories.append(HistorySeries(region: share.region, indicator: targetIndicator, unit: targetUnit.code,
                                               years: parent.years,
                                               values: parent.values.map { $0 * central * share.share / shareTotal }, derived: true))
            }
        } else if let zoneRegion, zoneDraws != nil {
            let common = outcomes.map { Set($0.history.years) }.reduce(Set(outcomes[0].history.years)) { $0.intersection($1) }.sorted()
            let central = factors.reduce(1) { $0 * $1.value }
            histories.append(HistorySeries(
                region: zoneRegion, indicator: targetIndicator, unit: targetUnit.code, years: common,
                values: common.map { year in
                    outcomes.reduce(0) { $0 + $1.history.values[$1.history.years.firstIndex(of: year)!] } * central
                }, derived: true))
        }
        var series = outcomeDraws + driverDraws + memberDraws
        if let zoneDraws { series.append(zoneDraws) }
        return ProjectionOutput(series: series, elasticityDraws: elasticityDraws, elasticity: elasticity,
                                provenance: provenance, histories: histories)
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

    private static func summarise(_ draws: [SeriesDraws], scenarios: [ScenarioCase], years: [Int]) -> [ProjectionCell] {
        var cells: [ProjectionCell] = []
        for (s, scenario) in scenarios.enumerated() {
            for series in draws {
                for (k, year) in years.enumerated() {
                    let summary = DrawSummary(series.values[s][k])
                    cells.append(ProjectionCell(scenario: scenario.name, region: series.region, indicator: series.indicator,
                                                unit: series.unit.code, year: year, model: series.model,
                                                mean: summary.mean, meanStandardError: summary.meanStandardError,
                                                lo80: summary.quantile(0.10), hi80: summary.quantile(0.90),
                                                lo95: summary.quantile(0.025), hi95: summary.quantile(0.975), kind: series.kind))
                }
            }
        }
        return cells
    }

    private static func planVersusActual(inputs: ScenarioInputs, cells: [ProjectionCell], baseline: String) -> [PlanVersusActualRow] {
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
struct DrawSummary {
    let sorted: [Double]
    let mean: Double
    let meanStandardError: Double

    init(_ values: [Double]) {
        sorted = values.sorted()
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        self.mean = mean
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        meanStandardError = (variance / n).squareRoot()
    }

    /// The p-quantile with linear interpolation between order statistics (type 7).
    func quantile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
