import Foundation
import Indicators
import Scenarios

/// Compound annual growth rates of yearly values.
public enum Growth {
    /// `(last / first)^(1 / years) − 1` between two values `years` apart; nil unless both are positive
    /// and `years > 0`.
    public static func rate(from first: Double, to last: Double, years: Int) -> Double? {
        guard first > 0, last > 0, years > 0, first.isFinite, last.isFinite else { return nil }
        return pow(last / first, 1 / Double(years)) - 1
    }

    /// Growth from the first observation at or after `lastYear − span` to the last (the gap analysis'
    /// rule with `span` 5); nil with fewer than two usable years.
    public static func recent(years: [Int], values: [Double], span: Int) -> Double? {
        guard let lastYear = years.last, let last = values.last, years.count >= 2,
              let start = years.firstIndex(where: { $0 >= lastYear - span }), start < years.count - 1 else { return nil }
        return rate(from: values[start], to: last, years: lastYear - years[start])
    }
}

/// `cities.csv`: every target that binds the zone's member cities, the cities side by side — a zone
/// target allocated to the cities (one row per city, then the zone's own row closing the block) and a
/// target for each city (one row per city). Each row: latest value, baseline projection in the target
/// year (mean and median) with its 80 % interval, historical and projected growth (to the median), the city's target and
/// gap (median − target), the
/// probability of meeting it under each scenario, the status, ranks among the cities (latest value, projected median),
/// and whether the
/// values are derived. Only tested targets are listed: a target without data is in `missing-data.csv`.
public enum CityComparison {
    /// The table; names of regions and indicators are in `language`, the header is stable (English codes).
    public static func table(_ run: ScenarioRun, names: NameBook, language: Language) -> TextTable {
        let facts = RunFacts(run, names: names)
        let scenarios = run.specification.scenarios.map(\.name)
        let header = ["target_id", "indicator", "indicator_name", "region", "region_name", "unit", "latest_year", "latest_value",
                      "target_year", "projected_mean", "projected_median", "lo80", "hi80", "historical_cagr", "projected_cagr", "city_target", "gap"]
            + scenarios.map { "p_meet_\($0)" } + ["status", "rank_latest", "rank_projected", "derived"]
        let numeric = Set(6...16).union(17..<(17 + scenarios.count)).union([18 + scenarios.count, 19 + scenarios.count])
        guard let zone = run.specification.zone else { return TextTable(header: header, rows: [], rightAligned: numeric) }
        var pMeet: [String: Double] = [:]
        for row in run.gaps { pMeet[row.targetID + "|" + row.region + "|" + row.scenario] = row.pMeet }
        var rows: [[String]] = []
        for block in cityBlocks(run, zone: zone, facts: facts) {
            /// The last observed value in the target's unit; nil (a blank cell) when the row's status already says `unit mismatch`.
            func latest(_ row: GapRow) -> (year: Int, value: Double)? {
                guard let history = facts.history(region: row.region, indicator: row.indicator), let year = history.years.last,
                      let value = history.values.last else { return nil }
                return (try? UnitOfMeasure.parse(history.unit).convert(value, to: UnitOfMeasure.parse(row.unit))).map { (year, $0) }
            }
            func historical(_ row: GapRow) -> Double? {
                guard let history = facts.history(region: row.region, indicator: row.indicator) else { return nil }
                return Growth.recent(years: history.years, values: history.values, span: 5)
            }
            func ranks(_ value: (GapRow) -> Double?) -> [String: Int] {
                let ordered = block.cities.compactMap { city in value(city).map { (city.region, $0) } }.sorted { $0.1 > $1.1 }
                return Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element.0, $0.offset + 1) })
            }
            let latestRanks = ranks { latest($0)?.value }, projectedRanks = ranks(\.projectedMedian)
            for row in block.cities + (block.zone.map { [$0] } ?? []) {
                let isCity = row.region != zone.region
                let last = latest(row)
                let projectedGrowth = last.flatMap { last in
                    row.projectedMedian.flatMap { Growth.rate(from: last.value, to: $0, years: row.targetYear - last.year) }
                }
                var line = [row.targetID, row.indicator, names.indicator(row.indicator, language), row.region,
                            names.region(row.region, language), row.unit, last.map { String($0.year) } ?? "",
                            NumberText.value(last?.value), String(row.targetYear), NumberText.value(row.projectedMean),
                            NumberText.value(row.projectedMedian),
                            NumberText.value(row.lo80), NumberText.value(row.hi80), NumberText.rate(historical(row)),
                            NumberText.rate(projectedGrowth), NumberText.value(row.targetLow), NumberText.value(row.gap)]
                line += scenarios.map { NumberText.probability(pMeet[row.targetID + "|" + row.region + "|" + $0]) }
                line += [row.status.rawValue, isCity ? latestRanks[row.region].map(String.init) ?? "" : "",
                         isCity ? projectedRanks[row.region].map(String.init) ?? "" : "",
                         row.projectedMean == nil ? "" : facts.isDerived(region: row.region, indicator: row.indicator) ? "yes" : "no"]
                rows.append(line)
            }
        }
        return TextTable(header: header, rows: rows, rightAligned: numeric)
    }

    /// The baseline rows of every target that binds member cities, one block per target in run order:
    /// the cities' rows in the zone's order, and the zone's own row when the target is a zone target
    /// allocated to the cities.
    static func cityBlocks(_ run: ScenarioRun, zone: ZoneSpecification, facts: RunFacts) -> [(cities: [GapRow], zone: GapRow?)] {
        var order: [String] = []
        var byTarget: [String: [GapRow]] = [:]
        for row in run.gaps where row.scenario == facts.baseline {
            let target = row.targetID.split(separator: "/", maxSplits: 1).first.map(String.init) ?? row.targetID
            if byTarget[target] == nil { order.append(target) }
            byTarget[target, default: []].append(row)
        }
        return order.compactMap { target in
            let rows = byTarget[target]!
            let cities = zone.members.compactMap { member in rows.first { $0.region == member } }
            guard !cities.isEmpty else { return nil }
            let allocated = cities.contains { facts.allocation(of: $0) != nil }
            return (cities, allocated ? rows.first { $0.region == zone.region && $0.targetID == target } : nil)
        }
    }
}
