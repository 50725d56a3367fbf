import Foundation
import Indicators

// Targets without data: the series sunan projects on its own for targets whose data a planner has
// supplied (target projections), and what a planner must supply for the others (missing-data entries).
extension ScenarioEngine {
    /// The targets of `inputs` that cannot be tested for want of data, one entry per target × region,
    /// without drawing anything worth keeping (a one-draw run: what is missing does not depend on the
    /// draws or the seed). The entries of ``ScenarioRun/missingData``, for a fill-in sheet
    /// (``MissingDataEntry/requests(_:)``).
    /// - Throws: ``ScenarioError`` as ``run(_:draws:seed:progress:)`` does.
    public static func missingData(_ inputs: ScenarioInputs) throws -> [MissingDataEntry] {
        try runStreaming(inputs, draws: 1, threads: 1).missingData
    }

    /// The projections the run adds for series that targets bind and the stated projections do not
    /// produce, but that the data hold: each at level `regions` with the default model
    /// (``ScenarioSchema/Defaults/model``), in the data's unit, without a driver — one projection per
    /// indicator, over the regions that need it, in target order. A series with fewer than
    /// ``SeriesProjection/minimumHistory`` annual values up to the as-of year, or whose model cannot
    /// be fitted, is left out with the reason (`unprojected`), and its targets are reported as missing data.
    /// - Throws: ``ScenarioError/internalFailure(_:)`` when a series fails through a defect of sunan (see
    ///   ``unprojectedReason(_:region:indicator:)``).
    static func targetProjections(_ inputs: ScenarioInputs, stated: [ProjectionSpecification], years: [Int]) throws
        -> (projections: [ProjectionSpecification], unprojected: [SeriesKey: String]) {
        let specification = inputs.specification
        let produced = Set(stated.flatMap { ProjectionLayout($0, inputs: inputs).keys($0) })
        var order: [String] = []
        var regionsOf: [String: [String]] = [:]
        var unprojected: [SeriesKey: String] = [:]
        for target in inputs.targets {
            for region in regions(of: target, zone: specification.zone) {
                let key = SeriesKey(region: region, indicator: target.indicator)
                guard !produced.contains(key), unprojected[key] == nil, !(regionsOf[target.indicator]?.contains(region) ?? false),
                      inputs.panel.series(key) != nil else { continue }
                do {
                    _ = try SeriesProjection(panel: inputs.panel, region: region, indicator: target.indicator, unit: nil,
                                             modelName: ScenarioSchema.Defaults.model, historyFrom: nil, asOf: specification.asOf,
                                             years: years)
                    if regionsOf[target.indicator] == nil { order.append(target.indicator) }
                    regionsOf[target.indicator, default: []].append(region)
                } catch {
                    unprojected[key] = try unprojectedReason(error, region: region, indicator: target.indicator)
                }
            }
        }
        let projections = order.map { indicator in
            ProjectionSpecification(indicator: indicator, model: ScenarioSchema.Defaults.model, level: .regions,
                                    regions: regionsOf[indicator]!)
        }
        return (projections, unprojected)
    }

    /// The years a planner must supply for `target` in `region` to be tested: the last
    /// ``SeriesProjection/minimumHistory`` years up to the as-of year (what the projection needs) and the
    /// observed years the target's basis reads (the previous year's stock, a running sum's start), less
    /// the years the data already hold. An undeclared measure asks for what a stock or a flow would need.
    static func yearsToSupply(_ target: Target, region: String, inputs: ScenarioInputs) -> [Int] {
        let asOf = inputs.specification.asOf
        let start = BasisConversion.start(of: target, asOf: asOf)
        var years = Set((asOf - SeriesProjection.minimumHistory + 1)...asOf)
        let measure = inputs.measure(region: region, indicator: target.indicator)
        for candidate in measure.map({ [$0] }) ?? [.stock, .flow] {
            let terms = BasisConversion.yearTerms(basis: target.basis, measure: candidate, year: target.year, start: start)
            years.formUnion(terms.map(\.year).filter { $0 <= asOf })
        }
        let held = Set(inputs.panel.series(region: region, indicator: target.indicator)?.years ?? [])
        return years.subtracting(held).sorted()
    }

    /// The entry of `target` in `region` (row id `targetID`), with the years to supply (computed unless
    /// given) and the reason.
    static func missingEntry(_ target: Target, targetID: String, region: String, inputs: ScenarioInputs, reason: String,
                             years: [Int]? = nil) -> MissingDataEntry {
        MissingDataEntry(targetID: targetID, region: region, indicator: target.indicator, unit: target.unit.code,
                         measure: inputs.measure(region: region, indicator: target.indicator),
                         years: years ?? yearsToSupply(target, region: region, inputs: inputs), targetYear: target.year,
                         basis: target.basis, comparator: target.comparator, reason: reason)
    }
}

extension ScenarioEngine {
    /// Why the data's series `region`/`indicator` that a target binds cannot be projected, for its
    /// missing-data entry: the series' own problem (too short, not fittable, in a unit that cannot be
    /// converted).
    /// - Throws: `error` itself when it is an internal failure: a defect of sunan is reported as one
    ///   (exit status 2), never turned into a target "without data".
    static func unprojectedReason(_ error: any Error, region: String, indicator: String) throws -> String {
        if let error = error as? ScenarioError, error.isInternalFailure { throw error }
        return "the data's series \(indicator) for \(region) cannot be projected: \(error)"
    }
}
