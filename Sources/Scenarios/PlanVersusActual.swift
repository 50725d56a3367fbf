import Foundation
import Indicators

extension ScenarioEngine {
    /// Plan versus actual: every baseline cell (scenario `baseline`) whose year has an observation in the
    /// panel, with the error of the projected mean, whether the 80 % and 95 % intervals covered the actual
    /// value, and, where a zone or each-city target names that indicator and year, whether the actual value
    /// met it. Cells whose series cannot be converted to the cell's unit are left out.
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
