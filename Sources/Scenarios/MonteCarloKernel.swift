import Forecasting
import Foundation
import Indicators
import LinearAlgebra

// The Monte Carlo kernel: how the draws of a prepared projection are made from the random streams
// and how every scenario is applied to them.

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

extension ScenarioEngine {
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
}
