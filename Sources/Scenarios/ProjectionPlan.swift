import Forecasting
import Foundation
import Indicators
import LinearAlgebra

// The projection plan: which series a projection produces, how its outcome and driver series are
// fitted, which elasticity it uses, and the provenance and histories it reports, before any draw.
extension ScenarioEngine {
    /// Which series a projection produces, before anything is fitted.
    struct ProjectionLayout {
        /// The regions whose own series are projected.
        let sources: [String]
        /// The member shares (level `parent` with a zone series).
        let shares: [MemberShare]
        /// The indicator and region of the derived or summed zone series, if the projection has one.
        let targetIndicator: String
        let zoneRegion: String?
        let hasZone: Bool
        let hasDriver: Bool

        /// The layout of `projection` in the run of `inputs`.
        init(_ projection: ProjectionSpecification, inputs: ScenarioInputs) {
            let zone = inputs.specification.zone
            let indicator = projection.targetSeries?.indicator ?? projection.indicator
            let region = projection.targetSeries?.region ?? zone?.region ?? ""
            self.init(projection, zone: zone, measure: inputs.measure(region: region, indicator: indicator))
        }

        /// The layout of `projection` in a run with `zone`, whose (zone) series measures `measure`. At
        /// levels `members` and `regions` the zone is the sum of the projected regions, unless the
        /// series is a rate (never summed) or the zone is itself among the projected regions (its own
        /// series, which is not summed again).
        init(_ projection: ProjectionSpecification, zone: ZoneSpecification?, measure: Measure?) {
            switch projection.level {
            case .parent: sources = projection.regions.isEmpty ? [zone?.parent].compactMap { $0 } : [projection.regions[0]]
            case .members: sources = projection.regions.isEmpty ? zone?.members ?? [] : projection.regions
            case .regions: sources = projection.regions
            }
            targetIndicator = projection.targetSeries?.indicator ?? projection.indicator
            let zoneRegion = projection.targetSeries?.region ?? zone?.region
            self.zoneRegion = zoneRegion
            hasDriver = projection.driver != nil
            switch projection.level {
            case .parent:
                hasZone = zoneRegion != nil && (projection.targetSeries != nil || !(projection.memberShares?.shares ?? []).isEmpty)
                shares = hasZone ? projection.memberShares?.shares ?? [] : []
            case .members, .regions:
                let zoneIsProjected = zoneRegion.map(sources.contains) ?? false
                hasZone = (projection.level == .members || zone != nil) && zoneRegion != nil
                    && measure?.isSummable != false && !zoneIsProjected
                shares = []
            }
        }

        /// Region and indicator of every series, in output order: outcomes, drivers, members, zone.
        func keys(_ projection: ProjectionSpecification) -> [SeriesKey] {
            var keys = sources.map { SeriesKey(region: $0, indicator: projection.indicator) }
            if let driver = projection.driver { keys += sources.map { SeriesKey(region: $0, indicator: driver.indicator) } }
            keys += shares.map { SeriesKey(region: $0.region, indicator: targetIndicator) }
            if hasZone, let zoneRegion { keys.append(SeriesKey(region: zoneRegion, indicator: targetIndicator)) }
            return keys
        }
    }

    /// A projection fitted and described, ready to draw: its series (without draws) in output order
    /// (outcomes, drivers, members, zone), provenance and histories.
    struct PreparedProjection {
        let index: Int
        let projection: ProjectionSpecification
        let layout: ProjectionLayout
        let outcomes: [SeriesProjection]
        let drivers: [SeriesProjection]
        let elasticity: ElasticityUsed?
        /// The central member shares (``MemberShares/centralShares()``), in the file's order; empty without shares.
        let centralShares: [Double]
        let provenance: [ProvenanceItem]
        let histories: [HistorySeries]
        /// Every series of the projection with empty values, in output order.
        let series: [SeriesDraws]
        /// What weakened the projection's numbers without stopping it (the pools' exclusions its `auto` fits met).
        var notes: [RunNote] {
            let series = outcomes + drivers
            return series.flatMap(\.poolExclusions).map(RunNote.leftOutOfPool)
                + series.compactMap { projection in
                    projection.thinPool.map { RunNote.defaultErrorLaw(indicator: projection.indicator, seriesCount: $0.seriesCount,
                                                                      errorCount: $0.errorCount) }
                }
        }
        /// Whether each source region draws from a random stream of its own (level `regions`), so that
        /// regions can be drawn one at a time; otherwise one stream serves the whole projection.
        var drawsByRegion: Bool { projection.level == .regions }
    }

    /// Fits every projection of a run before anything is drawn, the `auto` pools built once
    /// (``BaselinePools``), and reports every problem at once.
    /// - Throws: ``ScenarioError/problems(_:)`` with every problem of every projection, in order, when
    ///   there are several; the problem itself when there is one.
    static func prepareAll(_ projections: [ProjectionSpecification], inputs: ScenarioInputs, years: [Int],
                           threads: Int) throws -> [PreparedProjection] {
        let pools = BaselinePools(inputs, projections: projections)
        let prepared = WorkerPool(threads: threads).map(count: projections.count) { p -> Result<PreparedProjection, ScenarioError> in
            do {
                return .success(try prepare(projections[p], index: p, inputs: inputs, years: years, pools: pools))
            } catch let error as ScenarioError {
                return .failure(error)
            } catch {
                return .failure(.internalFailure("projection \(projections[p].indicator): \(error)"))
            }
        }
        let problems = prepared.flatMap { result -> [ScenarioError] in
            if case .failure(let error) = result { return error.problems }
            return []
        }
        guard problems.isEmpty else { throw problems.count == 1 ? problems[0] : .problems(problems) }
        return prepared.map { try! $0.get() }
    }

    /// Fits `projection` with `pools` (built from the panel for it alone when nil) and describes what it will produce.
    /// - Throws: ``ScenarioError/problems(_:)`` with the problem of every series and of the elasticity when
    ///   there are several.
    static func prepare(_ projection: ProjectionSpecification, index: Int, inputs: ScenarioInputs,
                        years: [Int], pools given: BaselinePools? = nil) throws -> PreparedProjection {
        let specification = inputs.specification
        let zone = specification.zone
        let layout = ProjectionLayout(projection, inputs: inputs)
        let sources = layout.sources
        guard !sources.isEmpty else {
            throw ScenarioError.invalid("projection \(projection.indicator) names no region to project")
        }
        let pools = given ?? BaselinePools(inputs, projections: [projection])
        let unit = projection.unit.map(UnitOfMeasure.parse)
        let fittedOutcomes = sources.map { region in
            Result { try SeriesProjection(panel: inputs.panel, region: region, indicator: projection.indicator, unit: unit,
                                          modelName: projection.model, historyFrom: projection.historyFrom,
                                          asOf: specification.asOf, years: years, pools: pools) }
        }
        let fittedDrivers = projection.driver.map { driver in
            sources.map { region in
                Result { try SeriesProjection(panel: inputs.panel, region: region, indicator: driver.indicator,
                                              unit: driver.unit.map(UnitOfMeasure.parse), modelName: driver.model,
                                              historyFrom: projection.historyFrom, asOf: specification.asOf, years: years,
                                              pools: pools) }
            }
        } ?? []
        let resolved = projection.driver.map { driver in Result { try resolveElasticity(driver, outcome: projection.indicator, inputs: inputs) } }
        let central = Result { try projection.memberShares?.centralShares() ?? [] }
        let problems = (fittedOutcomes + fittedDrivers).compactMap(Self.problem)
            + [resolved.flatMap(Self.problem), Self.problem(central)].compactMap { $0 }
        guard problems.isEmpty else { throw problems.count == 1 ? problems[0] : ScenarioError.problems(problems) }
        let outcomes = fittedOutcomes.map { try! $0.get() }
        var provenance: [ProvenanceItem] = outcomes.map {
            ProvenanceItem(kind: .model, subject: .series(region: $0.region, indicator: $0.indicator), detail: $0.modelDescription,
                           facts: .model($0.fit))
        }
        provenance += outcomes.flatMap { dataProvenance(inputs.panel, region: $0.region, indicator: $0.indicator) }
        var histories = outcomes.map {
            HistorySeries(region: $0.region, indicator: $0.indicator, unit: $0.unit.code, years: $0.history.years,
                          values: $0.history.values, derived: false)
        }

        // The driver: its baseline projection per source region and the elasticity.
        let drivers = fittedDrivers.map { try! $0.get() }
        var elasticity: ElasticityUsed?
        if let driver = projection.driver, let used = try resolved?.get() {
            provenance += drivers.map {
                ProvenanceItem(kind: .model, subject: .driver(region: $0.region, indicator: $0.indicator), detail: $0.modelDescription,
                               facts: .model($0.fit))
            }
            provenance += drivers.flatMap { dataProvenance(inputs.panel, region: $0.region, indicator: $0.indicator) }
            histories += drivers.map {
                HistorySeries(region: $0.region, indicator: $0.indicator, unit: $0.unit.code, years: $0.history.years,
                              values: $0.history.values, derived: false)
            }
            elasticity = used
            provenance.append(ProvenanceItem(kind: .elasticity,
                                             subject: .elasticity(outcome: projection.indicator, driver: driver.indicator, lag: driver.lag,
                                                                  value: used.value, standardError: used.standardError),
                                             detail: used.source,
                                             facts: used.estimation.map(ProvenanceFacts.estimatedElasticity) ?? .givenElasticity))
        }

        // Derived series: the target series (factors) and member cities (shares) for level `parent`.
        let factors = projection.targetSeries?.factors ?? []
        for factor in factors {
            provenance.append(ProvenanceItem(kind: .factor,
                                             subject: .factor(name: factor.name, value: factor.value, standardError: factor.standardError),
                                             detail: factor.rule))
        }
        let shares = projection.memberShares?.shares ?? []
        let centralShares = try! central.get()
        for share in shares {
            provenance.append(ProvenanceItem(kind: .share,
                                             subject: .share(region: share.region, zone: zone?.region, share: share.share,
                                                             relativeError: share.relativeError, basis: share.basis),
                                             detail: share.rule))
        }
        let targetIndicator = layout.targetIndicator
        let targetUnit = projection.targetSeries.map { UnitOfMeasure.parse($0.unit) } ?? outcomes[0].unit

        // One label for the derived and summed series: the outcomes' own when they share it, else the model named.
        let outcomeModel = Set(outcomes.map(\.label)).count == 1 ? outcomes[0].label : projection.model
        var series = outcomes.map {
            SeriesDraws(region: $0.region, indicator: $0.indicator, unit: $0.unit, kind: .projected, model: $0.label,
                        values: [], projection: index, pointForecast: $0.pointForecast)
        }
        series += drivers.map {
            SeriesDraws(region: $0.region, indicator: $0.indicator, unit: $0.unit, kind: .driver, model: $0.label, values: [],
                        projection: index)
        }
        let factorRule = factors.map(\.name).joined(separator: " × ")
        let derivedModel = factors.isEmpty ? outcomeModel : "\(outcomeModel) × \(factorRule)"
        if layout.hasZone, let zoneRegion = layout.zoneRegion {
            switch projection.level {
            case .parent:
                series += zip(layout.shares, centralShares).map {
                    SeriesDraws(region: $0.region, indicator: targetIndicator, unit: targetUnit, kind: .derived,
                                model: "\(derivedModel) × share", values: [], projection: index, centralShare: $1)
                }
                series.append(SeriesDraws(region: zoneRegion, indicator: targetIndicator, unit: targetUnit,
                                          kind: shares.isEmpty ? .derived : .sum, model: derivedModel,
                                          values: [], projection: index))
            case .members, .regions:
                series.append(SeriesDraws(region: zoneRegion, indicator: targetIndicator, unit: targetUnit, kind: .sum,
                                          model: "sum of members (\(outcomeModel))", values: [], projection: index))
            }

            // Histories of the derived series (central factors and shares), marked as derived; a member's
            // history takes its own observed value in the years it published one.
            let central = factors.reduce(1) { $0 * $1.value }
            if projection.level == .parent {
                let parent = outcomes[0].history
                histories.append(HistorySeries(region: zoneRegion, indicator: targetIndicator, unit: targetUnit.code,
                                               years: parent.years, values: parent.values.map { $0 * central }, derived: true))
                for (share, centralShare) in zip(shares, centralShares) {
                    // A member's own data in a unit that cannot be converted are not read (the derived value
                    // stands in); the run states it as a note (``RunNote/dataNotConvertible(region:indicator:dataUnit:unit:)``).
                    let published = try? inputs.panel.series(region: share.region, indicator: targetIndicator)?.converted(to: targetUnit)
                    histories.append(HistorySeries(
                        region: share.region, indicator: targetIndicator, unit: targetUnit.code, years: parent.years,
                        values: zip(parent.years, parent.values).map { year, value in
                            published?.value(in: year) ?? value * central * centralShare
                        }, derived: true))
                }
            } else {
                let common = outcomes.map { Set($0.history.years) }.reduce(Set(outcomes[0].history.years)) { $0.intersection($1) }.sorted()
                histories.append(HistorySeries(
                    region: zoneRegion, indicator: targetIndicator, unit: targetUnit.code, years: common,
                    values: common.map { year in
                        outcomes.reduce(0) { $0 + $1.history.values[$1.history.years.firstIndex(of: year)!] } * central
                    }, derived: true))
            }
        }
        return PreparedProjection(index: index, projection: projection, layout: layout, outcomes: outcomes, drivers: drivers,
                                  elasticity: elasticity, centralShares: centralShares, provenance: provenance, histories: histories, series: series)
    }

    /// The problem `result` failed with, as a ``ScenarioError``; nil on success.
    private static func problem<Value>(_ result: Result<Value, any Error>) -> ScenarioError? {
        guard case .failure(let error) = result else { return nil }
        return error as? ScenarioError ?? .internalFailure("\(error)")
    }

    /// The elasticity of `outcome` on the driver: as given in the scenario file, or estimated from the panel
    /// (``PanelElasticity``, standard errors clustered by region) up to the as-of year.
    private static func resolveElasticity(_ driver: DriverSpecification, outcome: String, inputs: ScenarioInputs) throws -> ElasticityUsed {
        switch driver.elasticity {
        case .given(let value, let standardError):
            return ElasticityUsed(outcome: outcome, driver: driver.indicator, lag: driver.lag, value: value,
                                  standardError: standardError, source: "given in the scenario file")
        case .estimate(let regions, let fromYear):
            let estimate: ElasticityEstimate
            do {
                estimate = try PanelElasticity.estimate(
                    panel: inputs.panel, outcome: outcome, driver: driver.indicator, lag: driver.lag, regions: regions,
                    fromYear: fromYear, throughYear: inputs.specification.asOf, standardError: .clusteredByRegion,
                    hierarchy: inputs.hierarchy)
            } catch .internalFailure(let message) {
                throw ScenarioError.internalFailure("the elasticity of \(outcome) on \(driver.indicator): \(message)")
            } catch {
                throw ScenarioError.invalid("the elasticity of \(outcome) on \(driver.indicator) cannot be estimated: \(error)")
            }
            let bound = ScenarioSchema.Limits.elasticity, errorBound = ScenarioSchema.Limits.elasticityStandardError
            guard bound.contains(estimate.value), errorBound.contains(estimate.standardError) else {
                throw ScenarioError.invalid("the estimated elasticity of \(outcome) on \(driver.indicator) is "
                    + "\(String(format: "%.4g", estimate.value)) (s.e. \(String(format: "%.4g", estimate.standardError))), outside the "
                    + "accepted \(bound.lowerBound) to \(bound.upperBound) (s.e. at most \(errorBound.upperBound)): the data do not support a "
                    + "plausible elasticity; give one in the scenario file with ‘value’ and ‘standardError’")
            }
            return ElasticityUsed(outcome: outcome, driver: driver.indicator, lag: driver.lag, value: estimate.value,
                                  standardError: estimate.standardError,
                                  source: estimate.method,
                                  estimation: ElasticityEstimation(
                                      lag: driver.lag, regionCount: estimate.regionCount, years: estimate.years,
                                      observationCount: estimate.observationCount,
                                      clusteredByRegion: estimate.standardErrorKind == .clusteredByRegion,
                                      degreesOfFreedom: estimate.degreesOfFreedom))
        }
    }

    /// One provenance item per distinct source of the observations of `region`/`indicator`, sorted.
    private static func dataProvenance(_ panel: Panel, region: String, indicator: String) -> [ProvenanceItem] {
        guard let series = panel.series(region: region, indicator: indicator) else { return [] }
        let sources = Array(Set(series.observations.map(\.source))).sorted()
        return sources.map { ProvenanceItem(kind: .data, subject: .series(region: region, indicator: indicator), detail: $0) }
    }
}
