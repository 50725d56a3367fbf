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

/// `cities.csv`: the zone's member cities side by side for every tested zone target series — latest
/// value, baseline projection in the target year, historical and projected growth, the city's
/// allocated target with its gap and probability of meeting under each scenario, ranks, and whether
/// the values are derived. The zone itself closes each block (without ranks).
public enum CityComparison {
    /// The table; names of regions and indicators are in `language`, the header is stable (English codes).
    public static func table(_ run: ScenarioRun, names: NameBook, language: Language) -> TextTable {
        let facts = RunFacts(run, names: names)
        let scenarios = run.specification.scenarios.map(\.name)
        let header = ["target_id", "indicator", "indicator_name", "region", "region_name", "unit", "latest_year", "latest_value",
                      "target_year", "projected_mean", "lo80", "hi80", "historical_cagr", "projected_cagr", "city_target", "gap"]
            + scenarios.map { "p_meet_\($0)" } + ["rank_latest", "rank_projected", "derived"]
        guard let zone = run.specification.zone else { return TextTable(header: header, rows: []) }
        var rows: [[String]] = []
        for (id, group) in facts.testedTargets {
            guard let zoneRow = group[facts.baseline], zoneRow.region == zone.region else { continue }
            let unit = UnitOfMeasure.parse(zoneRow.unit)
            struct Line { let region: String; let latest: (year: Int, value: Double)?; let projected: ProjectionCell?; let historical: Double? }
            func line(_ region: String) -> Line {
                let history = facts.history(region: region, indicator: zoneRow.indicator)
                let historyUnit = history.map { UnitOfMeasure.parse($0.unit) } ?? unit
                let values = (history?.values ?? []).map { (try? historyUnit.convert($0, to: unit)) ?? .nan }
                let latest = history.flatMap { h in h.years.last.map { ($0, values.last!) } }
                let historical = history.flatMap { Growth.recent(years: $0.years, values: values, span: 5) }
                return Line(region: region, latest: latest,
                            projected: facts.cell(region: region, indicator: zoneRow.indicator, year: zoneRow.targetYear),
                            historical: historical)
            }
            func converted(_ value: Double?, from cell: ProjectionCell?) -> Double? {
                guard let value, let cell else { return nil }
                return try? UnitOfMeasure.parse(cell.unit).convert(value, to: unit)
            }
            let cities = zone.members.map(line)
            func ranks(_ value: (Line) -> Double?) -> [String: Int] {
                let ordered = cities.compactMap { city in value(city).map { (city.region, $0) } }.sorted { $0.1 > $1.1 }
                return Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element.0, $0.offset + 1) })
            }
            let latestRanks = ranks { $0.latest?.value }
            let projectedRanks = ranks { converted($0.projected?.mean, from: $0.projected) }
            for entry in cities + [line(zone.region)] {
                let isZone = entry.region == zone.region
                let targetID = isZone ? id : "\(id)/\(entry.region)"
                let target = isZone ? group : Dictionary(uniqueKeysWithValues: facts.gaps(withID: targetID).map { ($0.scenario, $0) })
                let mean = converted(entry.projected?.mean, from: entry.projected)
                let projectedGrowth = entry.latest.flatMap { latest in
                    mean.flatMap { Growth.rate(from: latest.value, to: $0, years: zoneRow.targetYear - latest.year) }
                }
                let baselineTarget = target[facts.baseline]
                var row = [targetID, zoneRow.indicator, names.indicator(zoneRow.indicator, language), entry.region,
                           names.region(entry.region, language), unit.code, entry.latest.map { String($0.year) } ?? "",
                           NumberText.value(entry.latest?.value), String(zoneRow.targetYear), NumberText.value(mean),
                           NumberText.value(converted(entry.projected?.lo80, from: entry.projected)),
                           NumberText.value(converted(entry.projected?.hi80, from: entry.projected)),
                           NumberText.rate(entry.historical), NumberText.rate(projectedGrowth),
                           NumberText.value(baselineTarget?.targetLow), NumberText.value(baselineTarget?.gap)]
                row += scenarios.map { NumberText.probability(target[$0]?.pMeet) }
                row += [isZone ? "" : latestRanks[entry.region].map(String.init) ?? "",
                        isZone ? "" : projectedRanks[entry.region].map(String.init) ?? "",
                        facts.isDerived(region: entry.region, indicator: zoneRow.indicator) ? "yes" : "no"]
                rows.append(row)
            }
        }
        let numeric = Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]).union((16..<(16 + scenarios.count + 2)))
        return TextTable(header: header, rows: rows, rightAligned: numeric)
    }
}
