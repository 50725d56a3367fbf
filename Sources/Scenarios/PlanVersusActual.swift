import Foundation
import Indicators

extension ScenarioEngine {
    /// Plan versus actual: one row per series and year of the baseline scenario (the first cell of each
    /// region × indicator × year) whose year has an annual observation in the panel, with the error of the
    /// projected mean and whether the 80 % and 95 % intervals covered the actual value; and for every
    /// target tested on that series in that year (the baseline's gap rows, derived city targets
    /// included, `all` rows not) whether the data, read by the target's basis (``BasisConversion``), met
    /// the row's threshold — unknown when a year the basis reads is not in the data (or cannot be read in
    /// the target's unit, whose gap row then says `unit mismatch`). Cells whose series cannot be converted
    /// to the cell's unit are left out, and the run says so (``RunNote/dataNotConvertible(region:indicator:dataUnit:unit:)``).
    static func planVersusActual(inputs: ScenarioInputs, cells: [ProjectionCell], gaps: [GapRow], baseline: String) -> [PlanVersusActualRow] {
        let asOf = inputs.specification.asOf
        var rowsByCell: [String: [GapRow]] = [:]
        for row in gaps where row.scenario == baseline && !row.targetID.hasSuffix("/all") {
            rowsByCell["\(row.region)|\(row.indicator)|\(row.targetYear)", default: []].append(row)
        }
        var seen: Set<String> = []
        var rows: [PlanVersusActualRow] = []
        for cell in cells where cell.scenario == baseline {
            let key = "\(cell.region)|\(cell.indicator)|\(cell.year)"
            guard seen.insert(key).inserted,
                  let series = inputs.panel.series(region: cell.region, indicator: cell.indicator),
                  let converted = try? series.converted(to: UnitOfMeasure.parse(cell.unit)),
                  let actual = converted.value(in: cell.year) else { continue }
            let checks = (rowsByCell[key] ?? []).compactMap { row -> PlanTargetCheck? in
                guard let target = inputs.targets.first(where: { row.targetID == $0.id || row.targetID.hasPrefix($0.id + "/") })
                else { return nil }
                let reading = BasisConversion.make(target, year: cell.year, measure: row.measure, asOf: asOf, observedThrough: cell.year,
                                                   years: []) { year in
                    (series.value(in: year).flatMap { try? series.unit.convert($0, to: target.unit) }).map { ($0, false) }
                }
                guard case let .ready(conversion) = reading else { return PlanTargetCheck(targetID: row.targetID, met: nil) }
                let tolerance = row.tolerance ?? target.aboutTolerance(scenario: inputs.specification.aboutTolerance)
                return PlanTargetCheck(targetID: row.targetID, met: row.comparator.isMet(by: conversion.constant, aboutTolerance: tolerance))
            }
            rows.append(PlanVersusActualRow(
                region: cell.region, indicator: cell.indicator, unit: cell.unit, year: cell.year, actual: actual,
                projectedMean: cell.mean, error: actual - cell.mean,
                errorPercent: actual != 0 ? (actual - cell.mean) / actual * 100 : .nan,
                covered80: actual >= cell.lo80 && actual <= cell.hi80, covered95: actual >= cell.lo95 && actual <= cell.hi95,
                targets: checks))
        }
        return rows
    }
}
