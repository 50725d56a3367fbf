import Foundation
import Indicators

/// One gap row to compute from the draws of a series.
struct GapTask {
    let target: Target
    /// The target's position in the targets file (for ordering what the run reports about it).
    let targetIndex: Int
    /// The row's target id: the plan's for a zone target, `id/city` for a city of an `each_city` or
    /// `all_cities` target or of an allocated zone target.
    let targetID: String
    let region: String
    /// Index of the tested series among the run's series.
    let series: Int
    /// Index of the scenario.
    let scenario: Int
    /// For a zone target allocated to a member: the allocation and the member's position in it.
    let allocation: (index: Int, member: Int)?
    /// Whether the row's compared values are kept for an `all_cities` target's `all` row.
    let keepsValues: Bool
}

/// The `all` row of an `all_cities` target in one scenario: the chance that every city meets it in
/// the same draw.
struct AllCitiesTask {
    let target: Target
    let targetIndex: Int
    /// The zone (the row's region).
    let region: String
    let scenario: Int
    /// The plan's row indices of the cities' rows in this scenario.
    let cityRows: [Int]
}

/// A row of the plan: tested on a series, or combined from the rows of every city.
enum PlannedRow {
    case series(GapTask)
    case allCities(AllCitiesTask)
}

/// A target × region that has no series to test.
struct UntestedTarget {
    let target: Target
    let targetIndex: Int
    let region: String
    /// Why, as a sentence.
    let reason: String
}

/// Every row of a run in output order, the zone targets allocated to members, and the targets that
/// cannot be tested for want of a series.
struct GapPlan {
    var rows: [PlannedRow] = []
    var allocations: [AllocationPlan] = []
    var untested: [UntestedTarget] = []

    /// The series tasks of the plan with their row indices.
    var tasks: [(row: Int, task: GapTask)] {
        rows.enumerated().compactMap { index, row in
            if case let .series(task) = row { return (index, task) }
            return nil
        }
    }
}

extension GapAnalysis {
    /// Every gap row a run will have, in output order, from the region and indicator of each series of
    /// the run (`keys`, in the run's series order; a target binds the first series of its region and
    /// indicator). `unprojected` gives the reason for series that are in the data but could not be
    /// projected.
    ///
    /// Per target, in the targets file's order: a `zone` target has one row per scenario on the zone's
    /// series; `each_city` one row per city and scenario (`id/city`); `all_cities` the same plus an `all`
    /// row per scenario (`id/all`) when every city has a series; a zone target allocated to the members
    /// (`targetAllocation`) then has one row per city and scenario with the city's derived threshold.
    /// - Throws: ``ScenarioError/invalid(_:)`` listing every ``ScenarioEngine/targetProblems(_:)``.
    static func plan(inputs: ScenarioInputs, years: [Int], keys: [SeriesKey], unprojected: [SeriesKey: String]) throws -> GapPlan {
        let problems = ScenarioEngine.targetProblems(inputs)
        guard problems.isEmpty else {
            throw ScenarioError.invalid("these targets cannot be tested as written: " + problems.map(\.description).joined(separator: "; "))
        }
        let specification = inputs.specification
        var first: [SeriesKey: Int] = [:]
        for (index, key) in keys.enumerated() where first[key] == nil { first[key] = index }
        var plan = GapPlan()
        let zone = specification.zone
        let scenarios = specification.scenarios.indices
        for (targetIndex, target) in inputs.targets.enumerated() {
            let regions = ScenarioEngine.regions(of: target, zone: zone)
            var cityRows = [[Int]](repeating: [], count: specification.scenarios.count)
            var everyCityTested = true
            for region in regions {
                let key = SeriesKey(region: region, indicator: target.indicator)
                guard let series = first[key] else {
                    everyCityTested = false
                    let reason = unprojected[key] ?? "the loaded data have no series \(target.indicator) for \(region)"
                    plan.untested.append(UntestedTarget(target: target, targetIndex: targetIndex, region: region, reason: reason))
                    continue
                }
                let id = target.scope == .zone ? target.id : "\(target.id)/\(region)"
                for s in scenarios {
                    cityRows[s].append(plan.rows.count)
                    plan.rows.append(.series(GapTask(target: target, targetIndex: targetIndex, targetID: id, region: region,
                                                     series: series, scenario: s, allocation: nil,
                                                     keepsValues: target.scope == .allCities)))
                }
            }
            if target.scope == .allCities, everyCityTested, let zone {
                for s in scenarios {
                    plan.rows.append(.allCities(AllCitiesTask(target: target, targetIndex: targetIndex, region: zone.region,
                                                              scenario: s, cityRows: cityRows[s])))
                }
            }
            // A zone target allocated to the members, marked as derived (an exact count is not split).
            if target.scope == .zone, let rule = specification.targetAllocation, let zone,
               first[SeriesKey(region: zone.region, indicator: target.indicator)] != nil,
               let yearIndex = years.firstIndex(of: target.year) {
                if case .equalTo = target.comparator { continue }
                let members = zone.members.compactMap { first[SeriesKey(region: $0, indicator: target.indicator)] }
                guard members.count == zone.members.count else { continue }
                let allocationIndex = plan.allocations.count
                plan.allocations.append(AllocationPlan(target: target, rule: rule, members: members, yearIndex: yearIndex))
                for (position, member) in members.enumerated() {
                    let city = keys[member].region
                    for s in scenarios {
                        plan.rows.append(.series(GapTask(target: target, targetIndex: targetIndex, targetID: "\(target.id)/\(city)",
                                                         region: city, series: member, scenario: s,
                                                         allocation: (allocationIndex, position), keepsValues: false)))
                    }
                }
            }
        }
        return plan
    }
}
