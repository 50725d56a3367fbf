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
    let kind: SeriesKind
    let model: String
    var values: [[[Double]]]
    /// Index of the projection it belongs to (for its elasticity draws and lag).
    let projection: Int
    /// The fitted model's baseline mean in every projected year (an observed series' point forecast,
    /// deterministic); empty for derived, summed and driver series.
    var pointForecast: [Double] = []
    /// A member's central share of the zone (level `parent`), deterministic; nil otherwise.
    var centralShare: Double? = nil
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

    /// Per-draw quantities shared by every series of a projection, and how they are drawn: the elasticity
    /// (normal around its value with its standard error; 0 without a driver), the product of the derivation
    /// factors (each lognormal with its value and standard error; 1 without factors) and the member shares
    /// (each lognormal around its central share, ``MemberShares/centralShares()``, with its relative error,
    /// then normalised to sum to 1 in the draw). Every share of the file is drawn, even without a zone series to use them, so that
    /// the generator's order does not depend on the layout.
    private struct CommonDraws {
        /// The elasticity of draw d at d.
        private(set) var elasticity: [Double]
        /// The factors' product of draw d at d.
        private(set) var factorProducts: [Double]
        /// Share of member c in draw d at c · draws + d (normalised to sum to 1 in every draw).
        private(set) var shares: [Double]
        private let draws: Int
        // Plain numbers for the draw loop (no struct copies, and so no reference counting, per draw).
        private let elasticityMoments: (value: Double, standardError: Double)?
        private let factorMoments: [(mean: Double, standardError: Double)]
        private let shareMoments: [(mean: Double, standardError: Double)]
        /// The unnormalised shares of the draw being made.
        private var shareDraw: [Double]

        /// Room for `draws` draws of the common values of `prepared`, not drawn yet (elasticities 0,
        /// factor products 1, shares 0).
        init(_ prepared: PreparedProjection, draws: Int) {
            let factors = prepared.projection.targetSeries?.factors ?? []
            let shares = prepared.projection.memberShares?.shares ?? []
            let central = prepared.centralShares
            self.draws = draws
            elasticityMoments = prepared.elasticity.map { ($0.value, $0.standardError) }
            factorMoments = factors.map { (mean: $0.value, standardError: $0.standardError) }
            shareMoments = zip(shares, central).map { share, mean in
                (mean: mean, standardError: share.relativeError * mean)
            }
            elasticity = [Double](repeating: 0, count: draws)
            factorProducts = [Double](repeating: 1, count: draws)
            self.shares = [Double](repeating: 0, count: shares.count * draws)
            shareDraw = [Double](repeating: 0, count: shares.count)
        }

        /// Every draw's common values of `prepared`, drawn one draw after another from `rng` (a projection
        /// whose regions draw their paths from streams of their own).
        static func drawn(_ prepared: PreparedProjection, draws: Int, rng: inout RandomSource) -> CommonDraws {
            var common = CommonDraws(prepared, draws: draws)
            for d in 0..<draws { common.draw(d, rng: &rng) }
            return common
        }

        /// Draws the common values of draw `d` from `rng`, in the generator's order: the elasticity, each
        /// factor, each share.
        mutating func draw(_ d: Int, rng: inout RandomSource) {
            if let elasticityMoments {
                elasticity[d] = elasticityMoments.value + elasticityMoments.standardError * rng.nextNormal()
            }
            var factorProduct = 1.0
            for factor in factorMoments {
                factorProduct *= Self.lognormal(mean: factor.mean, standardError: factor.standardError, rng: &rng)
            }
            factorProducts[d] = factorProduct
            var shareSum = 0.0
            for (c, share) in shareMoments.enumerated() {
                shareDraw[c] = Self.lognormal(mean: share.mean, standardError: share.standardError, rng: &rng)
                shareSum += shareDraw[c]
            }
            for c in shareMoments.indices { shares[c * draws + d] = shareDraw[c] / shareSum }
        }

        /// A lognormal draw with the given mean and standard error (the mean itself when the error is 0).
        private static func lognormal(mean: Double, standardError: Double, rng: inout RandomSource) -> Double {
            guard standardError > 0, mean > 0 else { return mean }
            let variance = log(1 + (standardError / mean) * (standardError / mean))
            return exp(log(mean) - variance / 2 + variance.squareRoot() * rng.nextNormal())
        }
    }

    /// Draws `prepared` and hands its series to `body` chunk by chunk, in source order: the whole
    /// projection at once from the projection's stream `root.split(stream: index + 1)`, or, at level
    /// `regions`, one source region at a time (its paths from that stream split again by region, the
    /// elasticity and factor draws from the projection's stream), so that no more than one region's
    /// draws are held.
    static func simulate(_ prepared: PreparedProjection, inputs: ScenarioInputs, years: [Int], draws: Int,
                         root: RandomSource, _ body: (ChunkDraws) -> Void) -> SimulationOutput {
        let scenarios = inputs.specification.scenarios
        let hasZone = prepared.layout.hasZone
        var zone: [[[Double]]] = hasZone
            ? Array(repeating: Array(repeating: [Double](repeating: 0, count: draws), count: years.count), count: scenarios.count)
            : []
        var projectionStream = root.split(stream: UInt64(prepared.index + 1))
        let output: SimulationOutput
        if prepared.drawsByRegion {
            let common = CommonDraws.drawn(prepared, draws: draws, rng: &projectionStream)
            let regionRoot = root.split(stream: UInt64(prepared.index + 1))
            for r in 0..<prepared.outcomes.count {
                var rng = regionRoot.split(stream: UInt64(r + 1))
                body(drawRegions(prepared, regions: r..<(r + 1), common: common, inputs: inputs, years: years, draws: draws,
                                 rng: &rng, zone: &zone).chunk)
            }
            output = SimulationOutput(zone: nil, elasticityDraws: common.elasticity)
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

    /// Draws the source regions `regions` of `prepared` (all of them for a projection drawn whole) in two
    /// passes: their baseline paths, with each draw's common values when `common` is nil (`drawBaselines`),
    /// then every scenario applied to them, adding the regions' values to the zone accumulator
    /// `zone[scenario][year][draw]` (`applyScenarios`). Returns the chunk and the common draws used.
    private static func drawRegions(_ prepared: PreparedProjection, regions: Range<Int>, common given: CommonDraws?,
                                    inputs: ScenarioInputs, years: [Int], draws: Int, rng: inout RandomSource,
                                    zone zoneSums: inout [[[Double]]]) -> (chunk: ChunkDraws, common: CommonDraws) {
        let outcomes = Array(prepared.outcomes[regions])
        let drivers = prepared.drivers.isEmpty ? [] : Array(prepared.drivers[regions])
        var common = given ?? CommonDraws(prepared, draws: draws)
        let baseline = drawBaselines(outcomes, drivers, years: years.count, draws: draws, common: &common,
                                     drawsCommon: given == nil, rng: &rng)
        let chunk = applyScenarios(prepared, baseline: baseline, regions: regions, common: common, inputs: inputs,
                                   years: years, draws: draws, zone: &zoneSums)
        return (chunk, common)
    }

    /// Pass 1: draws, draw after draw in the generator's order, the baseline path of every outcome and
    /// then every driver and, when `drawsCommon`, the draw's common values into `common`. Returns the
    /// paths by year with the draws contiguous: path q (outcomes, then drivers) in year k of draw d at
    /// (q · years + k) · draws + d.
    private static func drawBaselines(_ outcomes: [SeriesProjection], _ drivers: [SeriesProjection], years yearCount: Int,
                                      draws: Int, common: inout CommonDraws, drawsCommon: Bool,
                                      rng: inout RandomSource) -> [Double] {
        let samplers = (outcomes + drivers).map(\.sampler)
        var baseline = [Double](repeating: 0, count: samplers.count * yearCount * draws)
        var path = [Double](repeating: 0, count: yearCount)
        // The samplers are read in place through a buffer pointer, without a copy per draw.
        samplers.withUnsafeBufferPointer { samplers in
            baseline.withUnsafeMutableBufferPointer { stored in
                path.withUnsafeMutableBufferPointer { drawn in
                    for d in 0..<draws {
                        for q in samplers.indices {
                            samplers[q].draw(into: drawn, rng: &rng)
                            for k in 0..<yearCount { stored[(q * yearCount + k) * draws + d] = drawn[k] }
                        }
                        if drawsCommon { common.draw(d, rng: &rng) }
                    }
                }
            }
        }
        return baseline
    }

    /// Pass 2: applies each scenario to all draws of the regions `regions` at once, one series × year at a
    /// time, from their `baseline` paths (laid out as `drawBaselines` returns them) and the `common` draws, adding the regions' values to the zone accumulator
    /// `zoneSums[scenario][year][draw]` (in region order).
    private static func applyScenarios(_ prepared: PreparedProjection, baseline: [Double], regions: Range<Int>,
                                       common: CommonDraws, inputs: ScenarioInputs, years: [Int], draws: Int,
                                       zone zoneSums: inout [[[Double]]]) -> ChunkDraws {
        let specification = inputs.specification
        let scenarios = specification.scenarios
        let projection = prepared.projection
        let sources = Array(prepared.layout.sources[regions])
        let allSources = prepared.outcomes.count
        var outcomeDraws = Array(prepared.series[regions])
        var driverDraws = prepared.drivers.isEmpty ? [] : Array(prepared.series[(allSources + regions.lowerBound)..<(allSources + regions.upperBound)])
        let shares = prepared.layout.shares
        let memberStart = allSources + prepared.drivers.count
        var memberDraws = Array(prepared.series[memberStart..<(memberStart + shares.count)])
        let hasZone = prepared.layout.hasZone
        let yearCount = years.count
        let outcomeCount = outcomeDraws.count, driverCount = driverDraws.count
        let lag = projection.driver?.lag ?? 0
        let asOf = specification.asOf
        let isParent = projection.level == .parent
        let elasticityDraws = common.elasticity, factorProducts = common.factorProducts, shareDraws = common.shares

        // A scenario scales the outcome in year t by r(t − lag)^ε and the driver in year t by r(t),
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
        for r in 0..<outcomeCount { outcomeDraws[r].values = outcomeValues[r] }
        for r in 0..<driverCount { driverDraws[r].values = driverValues[r] }
        for c in memberDraws.indices { memberDraws[c].values = memberValues[c] }
        return ChunkDraws(regions: regions, outcomes: outcomeDraws, drivers: driverDraws, members: memberDraws,
                          elasticity: elasticityDraws)
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
}
