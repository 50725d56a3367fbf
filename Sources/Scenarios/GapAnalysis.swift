import Foundation
import Indicators

/// A series of a run by region and indicator.
struct SeriesKey: Hashable {
    let region: String
    let indicator: String
}

/// One gap row to compute.
struct GapTask {
    let target: Target
    /// The row's target id (`id/city` for a target binding each city or allocated to one).
    let targetID: String
    let region: String
    /// Index of the target's series among the run's series, nil when the data have none.
    let series: Int?
    /// Index of the scenario.
    let scenario: Int
    /// For a zone target allocated to a member: the allocation and the member's position in it.
    let allocation: (index: Int, member: Int)?
}

/// A zone target allocated to the member cities by the file's rule.
struct AllocationPlan {
    let target: Target
    let rule: TargetAllocationRule
    /// The members' series indices, in the zone's member order.
    let members: [Int]
    /// Index of the target year among the projected years.
    let yearIndex: Int
}

/// Every gap row of a run, in output order, and the allocated zone targets.
struct GapPlan {
    var tasks: [GapTask]
    var allocations: [AllocationPlan]
}

/// What the gap analysis needs from a run: all of it (the whole-run path) or one projection's part
/// (the streaming path, where `draws` is empty and each row is handed its series).
struct GapContext {
    let specification: ScenarioSpecification
    let inputs: ScenarioInputs
    let years: [Int]
    let draws: [SeriesDraws]
    /// The histories of the run, or of the projection in hand (which holds the first history of each
    /// of its series' region and indicator).
    let histories: [HistorySeries]
    /// Elasticity draws per projection.
    let elasticityDraws: [[Double]]
    /// Driver lag per projection.
    let lags: [Int]
    /// Whether each projection has a driver.
    let hasDriver: [Bool]
}

/// Targets against projections: probability of meeting, gap, growth needed, status, and the driver
/// uplift that would close the gap.
///
/// **Status** grades the ratio of the historical growth rate (compound growth over the last up to
/// five observed years) to the growth required from the last observation to the threshold, as
/// statistical offices' distance-to-target assessments do:
/// - `achieved`: the last observation already meets the target;
/// - `on track`: ratio ≥ 1;
/// - `acceleration needed`: 0.5 ≤ ratio < 1;
/// - `limited progress`: 0 < ratio < 0.5;
/// - `deterioration`: the series moved away from the target (ratio ≤ 0);
/// - `no history`: the series has fewer than two observed years; `no data`: no series at all.
///
/// **Required uplift** is the smallest uniform yearly uplift u (percent a year, compounding from the
/// first projected year, on top of the scenario's own driver path) for which the share of draws
/// meeting the target reaches 50 % (80 %). Under the driver model the target-year value of a draw
/// scales by `(1 + u)^(ε · k)` with ε the draw's elasticity and k the number of uplifted driver years
/// before the target year (lag respected), so the solve reuses the same draws (common random numbers)
/// and bisects u on [0, 100] %/yr; 0 means the scenario already suffices; empty, with the reason in
/// `derivation`, when even +100 %/yr does not, or when no driver is linked.
enum GapAnalysis {
    /// Largest uplift searched, percent a year.
    static let maximumUplift = 100.0

    /// The rows of every target of a run that kept all its draws (``ScenarioEngine/runKeepingDraws(_:draws:seed:progress:)``),
    /// with the provenance of the allocated targets.
    static func rows(_ context: GapContext) -> (rows: [GapRow], provenance: [ProvenanceItem]) {
        let keys = context.draws.map { SeriesKey(region: $0.region, indicator: $0.indicator) }
        let plan = plan(specification: context.specification, targets: context.inputs.targets, years: context.years, keys: keys)
        let allocated = plan.allocations.map { allocation in
            allocate(allocation, baselineMeans: allocation.members.map {
                DrawSummary(context.draws[$0].values[0][allocation.yearIndex], quantiles: []).mean
            }, histories: context.histories, memberRegions: allocation.members.map { context.draws[$0].region },
                     asOf: context.specification.asOf)
        }
        var provenance: [ProvenanceItem] = []
        for (allocation, thresholds) in zip(plan.allocations, allocated) {
            for (member, (_, rationale)) in zip(allocation.members, thresholds) {
                provenance.append(ProvenanceItem(kind: .allocation,
                                                 subject: .allocation(targetID: allocation.target.id, region: context.draws[member].region),
                                                 detail: rationale))
            }
        }
        let rows = plan.tasks.map { task in
            let (threshold, rationale) = task.allocation.map { allocated[$0.index][$0.member] }
                .map { ($0.0, Optional($0.1)) } ?? (task.target.comparator, nil)
            return row(task, threshold: threshold, allocation: rationale, series: task.series.map { context.draws[$0] },
                       context: context)
        }
        return (rows, provenance)
    }

    /// Every gap row a run will have, in output order, and the zone targets allocated to members, from
    /// the region and indicator of each series of the run (`keys`, in the run's series order; a target
    /// binds the first series of its region and indicator).
    static func plan(specification: ScenarioSpecification, targets: [Target], years: [Int], keys: [SeriesKey]) -> GapPlan {
        var first: [SeriesKey: Int] = [:]
        for (index, key) in keys.enumerated() where first[key] == nil { first[key] = index }
        var plan = GapPlan(tasks: [], allocations: [])
        let zone = specification.zone
        for target in targets {
            var regions: [String] = []
            switch target.scope {
            case .zone, .allCities: if let zone { regions = [zone.region] }
            case .eachCity: regions = zone?.members ?? []
            }
            if regions.isEmpty { regions = [zone?.region ?? "—"] }
            for region in regions {
                let seriesIndex = first[SeriesKey(region: region, indicator: target.indicator)]
                for s in specification.scenarios.indices {
                    // A target binding each city becomes one tested target per city (its own id), so
                    // summaries never fold five cities into one line; untested ones keep the plan's id.
                    let id = target.scope == .eachCity && seriesIndex != nil ? "\(target.id)/\(region)" : target.id
                    plan.tasks.append(GapTask(target: target, targetID: id, region: region, series: seriesIndex, scenario: s,
                                              allocation: nil))
                }
            }
            // Zone targets allocated to members, marked as derived.
            if target.scope == .zone, let rule = specification.targetAllocation, let zone,
               first[SeriesKey(region: zone.region, indicator: target.indicator)] != nil,
               let yearIndex = years.firstIndex(of: target.year) {
                let memberIndices = zone.members.compactMap { first[SeriesKey(region: $0, indicator: target.indicator)] }
                guard memberIndices.count == zone.members.count else { continue }
                let allocationIndex = plan.allocations.count
                plan.allocations.append(AllocationPlan(target: target, rule: rule, members: memberIndices, yearIndex: yearIndex))
                for (position, member) in memberIndices.enumerated() {
                    let city = keys[member].region
                    for s in specification.scenarios.indices {
                        plan.tasks.append(GapTask(target: target, targetID: "\(target.id)/\(city)", region: city, series: member,
                                                  scenario: s, allocation: (allocationIndex, position)))
                    }
                }
            }
        }
        return plan
    }

    /// The gap row of `task` against `threshold` (the target's, or an allocated one with its
    /// `allocation` rationale), from the draws of its series (nil when the data have none).
    static func row(_ task: GapTask, threshold: TargetComparator, allocation: String?, series: SeriesDraws?,
                    context: GapContext) -> GapRow {
        let target = task.target, targetID = task.targetID, region = task.region, s = task.scenario
        let scenario = context.specification.scenarios[s]
        func empty(status: TargetStatus, derivation: String) -> GapRow {
            GapRow(scenario: scenario.name, targetID: targetID, region: region, indicator: target.indicator,
                   targetYear: target.year, comparator: threshold, unit: target.unit.code,
                   projectedMean: nil, lo80: nil, hi80: nil, lo95: nil, hi95: nil, gap: nil,
                   gapPercent: nil, pMeet: nil, pMeetStandardError: nil, firstYearMet: nil, historicalCAGR: nil,
                   requiredCAGR: nil, status: status, requiredUpliftP50: nil, requiredUpliftP80: nil, derivation: derivation)
        }
        guard let series else {
            return empty(status: .noData, derivation: "no data: the loaded files have no series \(target.indicator) for \(region); "
                            + "supply its baseline (the value at the end of \(context.specification.asOf)) to test this target")
        }
        guard let yearIndex = context.years.firstIndex(of: target.year) else {
            return empty(status: .outsideHorizon, derivation: "the target year \(target.year) is outside the projected years "
                            + "\(context.years.first ?? 0)–\(context.years.last ?? 0)")
        }
        let toTarget: (Double) -> Double? = { value in try? series.unit.convert(value, to: target.unit) }
        guard toTarget(1) != nil else {
            return empty(status: .unitMismatch, derivation: "the series is in \(series.unit.code) and cannot be compared with \(target.unit.code)")
        }
        let values = series.values[s][yearIndex].map { toTarget($0)! }
        let summary = DrawSummary(values)
        let met = values.filter { threshold.isMet(by: $0) }.count
        let draws = Double(values.count)
        let pMeet = Double(met) / draws
        let gap = summary.mean - threshold.low
        let firstYearMet = context.years.indices.first { k in
            threshold.isMet(by: DrawSummary(series.values[s][k].map { toTarget($0)! }, quantiles: [0.5]).quantile(0.5))
        }.map { context.years[$0] }

        let history = context.histories.first { $0.region == region && $0.indicator == target.indicator }
        let historyValues = history.map { h in h.values.map { toTarget($0) ?? .nan } } ?? []
        let historicalCAGR = history.flatMap { compoundGrowth(years: $0.years, values: historyValues) }
        var requiredCAGR: Double?
        var status = TargetStatus.noHistory
        if let history, let lastYear = history.years.last, let lastValue = historyValues.last, lastValue > 0 {
            requiredCAGR = target.year > lastYear && threshold.low > 0
                ? pow(threshold.low / lastValue, 1 / Double(target.year - lastYear)) - 1 : nil
            status = grade(met: threshold.isMet(by: lastValue), historical: historicalCAGR, required: requiredCAGR)
        }

        var upliftP50: Double?, upliftP80: Double?
        var notes: [String] = ["\(series.kind.rawValue) series \(series.region)/\(series.indicator): \(series.model)"]
        if let allocation { notes.append("derived target: \(allocation)") }
        if history?.derived == true { notes.append("its history is derived, not observed") }
        let projection = series.projection
        if context.hasDriver[projection] {
            let lag = context.lags[projection]
            let upliftYears = max(0, target.year - lag - context.specification.asOf)
            let epsilon = context.elasticityDraws[projection]
            let p50 = requiredUplift(values: values, epsilon: epsilon, years: upliftYears, threshold: threshold, probability: 0.5)
            let p80 = requiredUplift(values: values, epsilon: epsilon, years: upliftYears, threshold: threshold, probability: 0.8)
            upliftP50 = p50.value
            upliftP80 = p80.value
            if let reason = p50.reason ?? p80.reason { notes.append(reason) }
        } else {
            notes.append("no investment driver is linked to this indicator, so no required uplift")
        }
        return GapRow(scenario: scenario.name, targetID: targetID, region: region, indicator: target.indicator,
                      targetYear: target.year, comparator: threshold, unit: target.unit.code, projectedMean: summary.mean,
                      lo80: summary.quantile(0.10), hi80: summary.quantile(0.90), lo95: summary.quantile(0.025),
                      hi95: summary.quantile(0.975), gap: gap, gapPercent: threshold.low != 0 ? gap / threshold.low * 100 : nil,
                      pMeet: pMeet, pMeetStandardError: (pMeet * (1 - pMeet) / draws).squareRoot(),
                      firstYearMet: firstYearMet, historicalCAGR: historicalCAGR, requiredCAGR: requiredCAGR, status: status,
                      requiredUpliftP50: upliftP50, requiredUpliftP80: upliftP80, derivation: notes.joined(separator: "; "))
    }

    /// The distance-to-target grade (see the type's documentation for the thresholds).
    static func grade(met: Bool, historical: Double?, required: Double?) -> TargetStatus {
        if met { return .achieved }
        guard let historical, let required, required > 0 else { return .noHistory }
        let ratio = historical / required
        if ratio >= 1 { return .onTrack }
        if ratio >= 0.5 { return .accelerationNeeded }
        if ratio > 0 { return .limitedProgress }
        return .deterioration
    }

    /// Compound annual growth over the last (up to) five years of observations: `(v_last / v_first)^(1/years) − 1`.
    static func compoundGrowth(years: [Int], values: [Double]) -> Double? {
        guard let lastYear = years.last, let last = values.last, years.count >= 2 else { return nil }
        let startIndex = years.firstIndex { $0 >= lastYear - 5 } ?? 0
        guard startIndex < years.count - 1 else { return nil }
        let first = values[startIndex], span = Double(lastYear - years[startIndex])
        guard first > 0, last > 0, span > 0 else { return nil }
        return pow(last / first, 1 / span) - 1
    }

    /// Share of draws meeting the threshold after a uniform uplift of `percent` a year.
    static func probability(values: [Double], epsilon: [Double], years: Int, threshold: TargetComparator, percent: Double) -> Double {
        let growth = log(1 + percent / 100) * Double(years)
        var met = 0
        for d in values.indices where threshold.isMet(by: values[d] * exp(epsilon[d] * growth)) { met += 1 }
        return Double(met) / Double(values.count)
    }

    /// The smallest uplift in [0, ``maximumUplift``] %/yr reaching `probability`, by bisection to 0.01 %/yr.
    static func requiredUplift(values: [Double], epsilon: [Double], years: Int, threshold: TargetComparator,
                               probability target: Double) -> (value: Double?, reason: String?) {
        if probability(values: values, epsilon: epsilon, years: years, threshold: threshold, percent: 0) >= target {
            return (0, nil)
        }
        guard years > 0 else {
            return (nil, "no driver uplift can act before the target year (lag)")
        }
        guard probability(values: values, epsilon: epsilon, years: years, threshold: threshold, percent: maximumUplift) >= target else {
            return (nil, String(format: "even +%.0f %%/yr of the driver does not give a %.0f %% chance", maximumUplift, target * 100))
        }
        var low = 0.0, high = maximumUplift
        while high - low > 0.005 {
            let middle = (low + high) / 2
            if probability(values: values, epsilon: epsilon, years: years, threshold: threshold, percent: middle) >= target {
                high = middle
            } else {
                low = middle
            }
        }
        return ((high * 100).rounded(.up) / 100, nil)
    }

    /// City thresholds for an allocated zone target, with the rationale of each, from the members'
    /// baseline means in the target year and their histories (the first of each member's region and the
    /// target's indicator).
    static func allocate(_ allocation: AllocationPlan, baselineMeans: [Double], histories: [HistorySeries],
                         memberRegions: [String], asOf: Int) -> [(TargetComparator, String)] {
        let target = allocation.target
        let total = baselineMeans.reduce(0, +)
        func scaled(_ factor: Double) -> TargetComparator {
            switch target.comparator {
            case .atLeast(let v): return .atLeast(v * factor)
            case .greaterThan(let v): return .greaterThan(v * factor)
            case .equalTo(let v): return .equalTo(v * factor)
            case .about(let v): return .about(v * factor)
            case .range(let low, let high): return .range(low: low * factor, high: high * factor)
            }
        }
        switch allocation.rule {
        case .baselineShare:
            return baselineMeans.map { mean in
                let share = total > 0 ? mean / total : 0
                return (scaled(share), String(format: "%@ × %.2f %% (the city's baseline share of the zone in %d)",
                                               target.id, share * 100, target.year))
            }
        case .equalGrowth:
            let lasts = memberRegions.map { region -> (value: Double, year: Int) in
                let history = histories.first { $0.region == region && $0.indicator == target.indicator }
                return (history?.values.last ?? 0, history?.years.last ?? asOf)
            }
            let year = lasts.map(\.year).max() ?? asOf
            let base = lasts.reduce(0) { $0 + $1.value }
            let span = Double(max(1, target.year - year))
            let growth = base > 0 ? pow(target.comparator.low / base, 1 / span) - 1 : 0
            return lasts.map { last in
                let factor = base > 0 ? last.value / base : 0
                return (scaled(factor), String(format: "%@ reached by every city growing %.2f %%/yr from %d (equal required growth)",
                                               target.id, growth * 100, year))
            }
        }
    }
}
