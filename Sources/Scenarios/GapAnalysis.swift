import Foundation
import Indicators

// The gap analysis in parts, one question per file: GapPlan.swift (which rows a run has: scopes and
// allocations), BasisConversion.swift (what a target's basis reads from a series), TargetGrading.swift
// (status and pace), TargetAllocation.swift (derived city targets), RequiredUplift.swift (the uplift
// that closes a gap), MissingData.swift (targets without data). This file: one row from its draws,
// the `all` row of an `all_cities` target, and the assembly of a run's rows.

/// What a gap row needs besides its series' draws.
struct GapContext {
    let inputs: ScenarioInputs
    let years: [Int]
    /// The histories of the run, or of the projection in hand (which holds the first history of each
    /// of its series' region and indicator).
    let histories: [HistorySeries]
    /// The elasticity draws of the row's projection (empty without a driver).
    let elasticity: [Double]
    /// The driver's lag, and whether the projection has a driver.
    let lag: Int
    let hasDriver: Bool
}

/// What computing one planned row gave.
enum GapOutcome {
    /// The row, with its compared values per draw when the plan keeps them (for an `all` row).
    case row(GapRow, compared: [Double]?)
    /// The row cannot be computed: observed years its basis reads are not in the data.
    case missing(years: [Int], reason: String)
}

/// Targets against projections: what each target compares (its basis read per draw), the probability
/// of meeting it, the gap, the status and the pace, and the driver uplift that would close the gap.
enum GapAnalysis {
    /// The outcome of `task` against `threshold` (the target's, or an allocated one with its
    /// `allocation` rationale) from the draws of `series`.
    static func row(_ task: GapTask, threshold: TargetComparator, allocation: String?, series: SeriesDraws,
                    context: GapContext) -> GapOutcome {
        let inputs = context.inputs
        let specification = inputs.specification
        let target = task.target, asOf = specification.asOf, years = context.years
        let scenario = specification.scenarios[task.scenario]
        let tolerance = target.aboutTolerance(scenario: specification.aboutTolerance)
        var shownTolerance: Double?
        if case .about = threshold { shownTolerance = tolerance }
        let measure = inputs.measure(region: series.region, indicator: series.indicator)
        func empty(status: TargetStatus, derivation: String) -> GapOutcome {
            .row(GapRow(scenario: scenario.name, targetID: task.targetID, region: task.region, indicator: target.indicator,
                        targetYear: target.year, basis: target.basis, measure: measure, comparator: threshold,
                        tolerance: shownTolerance, unit: target.unit.code, projectedMean: nil, projectedMedian: nil, lo80: nil, hi80: nil, lo95: nil,
                        hi95: nil, gap: nil, gapPercent: nil, pMeet: nil, pMeetStandardError: nil, firstYearMet: nil,
                        historicalCAGR: nil, requiredCAGR: nil, status: status, pace: nil, requiredUpliftP50: nil,
                        requiredUpliftP80: nil, derivation: derivation), compared: nil)
        }
        guard let factor = try? series.unit.convert(1, to: target.unit) else {
            return empty(status: .unitMismatch, derivation: "the series is in \(series.unit.code) and cannot be compared with \(target.unit.code)")
        }
        let history = context.histories.first { $0.region == series.region && $0.indicator == series.indicator }
        let historyUnit = history.map { UnitOfMeasure.parse($0.unit) }
        let panelSeries = inputs.panel.series(region: series.region, indicator: series.indicator)
        /// The value of an observed year in the target's unit: the data's, else the (derived) history's.
        /// Data in a unit that cannot be converted are not read; the run states it as a note
        /// (``RunNote/dataNotConvertible(region:indicator:dataUnit:unit:)``). The history is in the series'
        /// unit, which converts to the target's (checked above), so its conversions cannot fail.
        func observed(_ year: Int) -> (value: Double, derived: Bool)? {
            if let value = panelSeries?.value(in: year), let converted = try? panelSeries!.unit.convert(value, to: target.unit) {
                return (converted, false)
            }
            guard let history, let index = history.years.firstIndex(of: year),
                  let converted = try? historyUnit!.convert(history.values[index], to: target.unit) else { return nil }
            return (converted, history.derived)
        }
        let conversion: BasisConversion
        switch BasisConversion.make(target, year: target.year, measure: measure, asOf: asOf, years: years, observed: observed) {
        case let .ready(ready): conversion = ready
        case let .missing(missingYears):
            return .missing(years: missingYears, reason: "\(target.basis.rawValue) \(target.year) reads the observed "
                + "\(missingYears.map(String.init).joined(separator: ", ")) of \(series.region)/\(series.indicator), which the data lack")
        case .outsideHorizon:
            return empty(status: .outsideHorizon, derivation: "the target year \(target.year) (or a year it reads) is outside the "
                + "projected years \(years.first ?? 0)–\(years.last ?? 0)")
        }

        var notes = ["\(series.kind.rawValue) series \(series.region)/\(series.indicator): \(series.model)", "compared: \(conversion.text)"]
        if let shownTolerance { notes.append("about: met within ±\(String(format: "%g", shownTolerance * 100)) % of the threshold") }
        if let allocation { notes.append("derived target: \(allocation)") }
        if history?.derived == true { notes.append("its history is derived, not observed") }
        let historyValues = history.flatMap { h in
            (try? h.values.map { try historyUnit!.convert($0, to: target.unit) }).map { (years: h.years, values: $0) }
        }
        let grading = pace(conversion, target: target, measure: measure, threshold: threshold, tolerance: tolerance,
                           history: historyValues, asOf: asOf)
        let values = conversion.values(series.values[task.scenario], factor: factor)
        let met = values.count { threshold.isMet(by: $0, aboutTolerance: tolerance) }
        let pMeet = Double(met) / Double(values.count)
        let summary = DrawSummary(values)
        var status = TargetStatus(pMeet: pMeet)
        var upliftP50: Double?, upliftP80: Double?, firstYearMet: Int?
        if conversion.isObserved {
            status = observedStatus(met: met == 1)
            notes.append("every year it reads is observed")
        } else {
            firstYearMet = years.indices.first { k in
                guard case let .ready(reading) = BasisConversion.make(target, year: years[k], measure: measure, asOf: asOf,
                                                                      years: years, observed: observed),
                      !reading.isObserved else { return false }
                let median = DrawSummary(reading.values(series.values[task.scenario], factor: factor), quantiles: [0.5]).quantile(0.5)
                return threshold.isMet(by: median, aboutTolerance: tolerance)
            }.map { years[$0] }
            if context.hasDriver {
                let solve = RequiredUplift(conversion, draws: series.values[task.scenario], factor: factor, years: years,
                                           lag: context.lag, asOf: asOf, epsilon: context.elasticity, threshold: threshold,
                                           tolerance: tolerance)
                let p50 = solve.solve(probability: 0.5), p80 = solve.solve(probability: 0.8)
                upliftP50 = p50.value
                upliftP80 = p80.value
                if let reason = p50.reason ?? p80.reason { notes.append(reason) }
            } else {
                notes.append("no investment driver is linked to this indicator, so no required uplift")
            }
        }
        // The median's side of the threshold is the side p_meet ≥ 0.5 takes, so gap and status agree.
        let gap = summary.quantile(0.5) - threshold.low
        let observedOnly = conversion.isObserved
        let row = GapRow(
            scenario: scenario.name, targetID: task.targetID, region: task.region, indicator: target.indicator,
            targetYear: target.year, basis: target.basis, measure: measure, comparator: threshold, tolerance: shownTolerance,
            unit: target.unit.code, projectedMean: summary.mean, projectedMedian: summary.quantile(0.5), lo80: observedOnly ? nil : summary.quantile(0.10),
            hi80: observedOnly ? nil : summary.quantile(0.90), lo95: observedOnly ? nil : summary.quantile(0.025),
            hi95: observedOnly ? nil : summary.quantile(0.975), gap: gap,
            gapPercent: threshold.low != 0 ? gap / threshold.low * 100 : nil, pMeet: pMeet,
            pMeetStandardError: (pMeet * (1 - pMeet) / Double(values.count)).squareRoot(), firstYearMet: firstYearMet,
            historicalCAGR: grading.historical, requiredCAGR: grading.required, status: status, pace: grading.pace,
            requiredUpliftP50: upliftP50, requiredUpliftP80: upliftP80, derivation: notes.joined(separator: "; "))
        return .row(row, compared: task.keepsValues ? values : nil)
    }

    /// The `all` row of an `all_cities` target: p_meet is the share of draws in which every city meets
    /// it (draw d of every city together); the projected values are those of the city furthest from
    /// the threshold in each draw (the lowest for `>=` and `>`, the highest for `<=` and `<`; none for
    /// the two-sided comparators).
    static func allRow(_ task: AllCitiesTask, cities: [(row: GapRow, values: [Double])], specification: ScenarioSpecification) -> GapRow {
        let target = task.target
        let tolerance = target.aboutTolerance(scenario: specification.aboutTolerance)
        let scenario = specification.scenarios[task.scenario].name
        let names = cities.map(\.row.region).joined(separator: ", ")
        var shownTolerance: Double?
        if case .about = target.comparator { shownTolerance = tolerance }
        let blocked = cities.first { $0.row.pMeet == nil }?.row.status
        let draws = cities.map(\.values.count).min() ?? 0
        var met = 0
        var binding: [Double] = []
        let pickLowest: Bool?
        switch target.comparator {
        case .atLeast, .greaterThan: pickLowest = true
        case .atMost, .lessThan: pickLowest = false
        case .equalTo, .about, .range: pickLowest = nil
        }
        if blocked == nil {
            for d in 0..<draws {
                if cities.allSatisfy({ target.comparator.isMet(by: $0.values[d], aboutTolerance: tolerance) }) { met += 1 }
                if let pickLowest {
                    let column = cities.map { $0.values[d] }
                    binding.append((pickLowest ? column.min() : column.max()) ?? .nan)
                }
            }
        }
        let pMeet: Double? = blocked == nil && draws > 0 ? Double(met) / Double(draws) : nil
        let observed = cities.allSatisfy { [.achieved, .missed].contains($0.row.status) }
        let status: TargetStatus = blocked ?? (observed ? observedStatus(met: met == draws) : TargetStatus(pMeet: pMeet ?? 0))
        let summary = binding.isEmpty ? nil : DrawSummary(binding)
        let gap = summary.map { $0.quantile(0.5) - target.comparator.low }
        var notes = ["every city (\(names)) meets it in the same draw"]
        if let pickLowest { notes.append("projected: the \(pickLowest ? "lowest" : "highest") city in each draw") }
        if let blocked { notes.append("a city's row is \(blocked.rawValue)") }
        notes.append("no required uplift for all cities at once")
        return GapRow(
            scenario: scenario, targetID: "\(target.id)/all", region: task.region, indicator: target.indicator,
            targetYear: target.year, basis: target.basis, measure: cities.first?.row.measure, comparator: target.comparator,
            tolerance: shownTolerance, unit: target.unit.code, projectedMean: summary?.mean, projectedMedian: summary?.quantile(0.5),
            lo80: observed ? nil : summary?.quantile(0.10), hi80: observed ? nil : summary?.quantile(0.90),
            lo95: observed ? nil : summary?.quantile(0.025), hi95: observed ? nil : summary?.quantile(0.975), gap: gap,
            gapPercent: gap.flatMap { target.comparator.low != 0 ? $0 / target.comparator.low * 100 : nil }, pMeet: pMeet,
            pMeetStandardError: pMeet.map { ($0 * (1 - $0) / Double(draws)).squareRoot() }, firstYearMet: nil,
            historicalCAGR: nil, requiredCAGR: nil, status: status, pace: nil, requiredUpliftP50: nil, requiredUpliftP80: nil,
            derivation: notes.joined(separator: "; "))
    }

    /// The run's gap rows and missing-data entries from the outcomes of the plan's series rows
    /// (`outcomes[row]`, nil for `all` rows): `all` rows combined from their cities, and every target ×
    /// region without data — untested in the plan, or lacking an observed year its basis reads — as one
    /// entry, in target order.
    static func assemble(_ plan: GapPlan, outcomes: [GapOutcome?], inputs: ScenarioInputs) -> (rows: [GapRow], missing: [MissingDataEntry]) {
        var rows: [GapRow] = []
        var missing: [(order: Int, entry: MissingDataEntry)] = plan.untested.map {
            ($0.targetIndex, ScenarioEngine.missingEntry($0.target, targetID: $0.target.id, region: $0.region, inputs: inputs,
                                                       reason: $0.reason))
        }
        var reported: Set<String> = []
        for (index, planned) in plan.rows.enumerated() {
            switch planned {
            case let .series(task):
                switch outcomes[index] {
                case let .row(row, _)?:
                    rows.append(row)
                case let .missing(years, reason)?:
                    guard reported.insert(task.targetID + "|" + task.region).inserted else { continue }
                    missing.append((task.targetIndex, ScenarioEngine.missingEntry(task.target, targetID: task.targetID, region: task.region,
                                                                                  inputs: inputs, reason: reason, years: years)))
                case nil:
                    continue
                }
            case let .allCities(task):
                var cities: [(row: GapRow, values: [Double])] = []
                for city in task.cityRows {
                    if case let .row(row, values?)? = outcomes[city] { cities.append((row, values)) }
                }
                // A city lacking an observed year is already a missing-data entry: no `all` row.
                guard cities.count == task.cityRows.count else { continue }
                rows.append(allRow(task, cities: cities, specification: inputs.specification))
            }
        }
        return (rows, missing.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.entry))
    }

    /// The rows and missing-data entries of a run that kept all its draws
    /// (``ScenarioEngine/runKeepingDraws(_:draws:seed:progress:)``), with the provenance of the
    /// allocated targets.
    static func rows(_ plan: GapPlan, draws: [SeriesDraws], histories: [HistorySeries], elasticity: [[Double]],
                     projections: [ProjectionSpecification], inputs: ScenarioInputs, years: [Int])
        -> (rows: [GapRow], missing: [MissingDataEntry], provenance: [ProvenanceItem]) {
        let allocated = plan.allocations.map {
            allocate($0, members: $0.members.map { draws[$0] }, histories: histories, asOf: inputs.specification.asOf)
        }
        var outcomes = [GapOutcome?](repeating: nil, count: plan.rows.count)
        for (index, task) in plan.tasks {
            let series = draws[task.series]
            let (threshold, rationale) = task.allocation.map { allocated[$0.index][$0.member] }
                .map { ($0.0, Optional($0.1)) } ?? (task.target.comparator, nil)
            let projection = projections[series.projection]
            let context = GapContext(inputs: inputs, years: years, histories: histories, elasticity: elasticity[series.projection],
                                     lag: projection.driver?.lag ?? 0, hasDriver: projection.driver != nil)
            outcomes[index] = row(task, threshold: threshold, allocation: rationale, series: series, context: context)
        }
        let (rows, missing) = assemble(plan, outcomes: outcomes, inputs: inputs)
        return (rows, missing, allocationProvenance(plan, allocated: allocated, regions: { draws[$0].region }))
    }

    /// One provenance item per allocated city target, with its rationale.
    static func allocationProvenance(_ plan: GapPlan, allocated: [[(TargetComparator, String)]],
                                     regions: (Int) -> String) -> [ProvenanceItem] {
        var provenance: [ProvenanceItem] = []
        for (allocation, thresholds) in zip(plan.allocations, allocated) {
            for (member, (_, rationale)) in zip(allocation.members, thresholds) {
                provenance.append(ProvenanceItem(kind: .allocation,
                                                 subject: .allocation(targetID: allocation.target.id, region: regions(member)),
                                                 detail: rationale))
            }
        }
        return provenance
    }
}
