import Forecasting
import Foundation
import Indicators
import LinearAlgebra

extension ScenarioEngine {
    /// What the streaming path keeps of one projection once its draws are gone.
    private struct ProjectionResult: Sendable {
        /// The cells of each series (output order), `[series][scenario][year]`.
        var cells: [[[ProjectionCell]]]
        /// The outcomes of the projection's gap rows, by their index in the run's plan.
        var outcomes: [(row: Int, outcome: GapOutcome)]
    }

    /// The projections of a run: the stated ones, then those the run adds for targets whose series the
    /// data hold but no stated projection produces (``targetProjections(_:stated:years:)``), with the
    /// reasons of the series left out.
    /// - Throws: ``ScenarioError/internalFailure(_:)`` from ``targetProjections(_:stated:years:)``.
    static func runProjections(_ inputs: ScenarioInputs, years: [Int]) throws
        -> (projections: [ProjectionSpecification], unprojected: [SeriesKey: String]) {
        let stated = inputs.specification.projections
        let added = try targetProjections(inputs, stated: stated, years: years)
        return (stated + added.projections, added.unprojected)
    }

    /// The streaming path behind ``run(_:draws:seed:progress:)``: the same run as
    /// ``runKeepingDraws(_:draws:seed:progress:)``, cell for cell and row for row, holding the draws of one
    /// projection per thread (of one region at level `regions`) instead of the whole run's.
    ///
    /// First every projection is fitted (on a `WorkerPool` of `threads` threads; every problem of every
    /// projection is reported at once, before anything is drawn), which fixes the run's
    /// series, its gap rows and the derived city targets (from deterministic shares and point forecasts,
    /// never from draws). Then each projection, on the pool again, is drawn, summarised into its cells
    /// and tested against its targets as soon as its series are drawn, and its draws are dropped. Results
    /// are placed by projection index and every projection has its own random stream, so the run does not
    /// depend on the number of threads. Last, the `all` rows of `all_cities` targets combine the kept
    /// compared values of their cities, and plan versus actual reads the baseline's rows.
    static func runStreaming(_ inputs: ScenarioInputs, draws: Int? = nil, seed: UInt64? = nil, threads: Int,
                             progress: ((Double) -> Void)? = nil) throws -> ScenarioRun {
        let specification = inputs.specification
        let (drawCount, seedValue, years) = try settings(inputs, draws: draws, seed: seed)
        let root = RandomSource(seed: seedValue)
        let (projections, unprojected) = try runProjections(inputs, years: years)
        let scenarios = specification.scenarios
        let pool = WorkerPool(threads: threads)
        let steps = Double(2 * projections.count + 1)

        let prepared = try prepareAll(projections, inputs: inputs, years: years, threads: threads)
        progress?(Double(projections.count) / steps)
        let series = prepared.flatMap(\.series)
        let offsets = prepared.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.series.count) }
        let plan = try GapAnalysis.plan(inputs: inputs, years: years, keys: series.map { SeriesKey(region: $0.region, indicator: $0.indicator) },
                                        unprojected: unprojected)
        let histories = prepared.flatMap(\.histories)
        let allocated = plan.allocations.map {
            GapAnalysis.allocate($0, members: $0.members.map { series[$0] }, histories: histories, asOf: specification.asOf)
        }
        var tasksBySeries = [[Int: [(row: Int, task: GapTask)]]](repeating: [:], count: projections.count)
        for (row, task) in plan.tasks {
            let projection = series[task.series].projection
            tasksBySeries[projection][task.series - offsets[projection], default: []].append((row, task))
        }

        let results = try pool.map(count: projections.count, progress: { progress?(Double(projections.count + $0) / steps) }) {
            [tasksBySeries] p -> ProjectionResult in
            let projection = prepared[p]
            var result = ProjectionResult(cells: Array(repeating: [], count: projection.series.count), outcomes: [])
            var scratch: [Double] = []
            /// Cells and rows of the series `local` of the projection.
            func take(_ drawn: SeriesDraws, local: Int, elasticity: [Double]) {
                result.cells[local] = cells(of: drawn, scenarios: scenarios, years: years, scratch: &scratch)
                guard let tasks = tasksBySeries[p][local] else { return }
                let context = GapContext(inputs: inputs, years: years, histories: projection.histories, elasticity: elasticity,
                                         lag: projection.projection.driver?.lag ?? 0, hasDriver: projection.projection.driver != nil)
                for (row, task) in tasks {
                    let (threshold, rationale) = task.allocation.map { allocated[$0.index][$0.member] }
                        .map { ($0.0, Optional($0.1)) } ?? (task.target.comparator, nil)
                    result.outcomes.append((row, GapAnalysis.row(task, threshold: threshold, allocation: rationale, series: drawn,
                                                                 context: context)))
                }
            }
            let sourceCount = projection.outcomes.count
            if projection.drawsByRegion {
                let output = simulate(projection, inputs: inputs, years: years, draws: drawCount, root: root) { chunk in
                    for (offset, drawn) in chunk.outcomes.enumerated() {
                        take(drawn, local: chunk.regions.lowerBound + offset, elasticity: chunk.elasticity)
                    }
                    for (offset, drawn) in chunk.drivers.enumerated() {
                        take(drawn, local: sourceCount + chunk.regions.lowerBound + offset, elasticity: chunk.elasticity)
                    }
                }
                if let zone = output.zone { take(zone, local: projection.series.count - 1, elasticity: output.elasticityDraws) }
            } else {
                var all: [SeriesDraws] = []
                let output = simulate(projection, inputs: inputs, years: years, draws: drawCount, root: root) { chunk in
                    all += chunk.outcomes + chunk.drivers + chunk.members
                }
                if let zone = output.zone { all.append(zone) }
                for (local, drawn) in all.enumerated() { take(drawn, local: local, elasticity: output.elasticityDraws) }
            }
            try checkFinite(result.cells.flatMap { $0.flatMap { $0 } }, scenarios: scenarios)
            return result
        }

        var outcomes = [GapOutcome?](repeating: nil, count: plan.rows.count)
        for result in results {
            for (row, outcome) in result.outcomes { outcomes[row] = outcome }
        }
        let (rows, missing) = GapAnalysis.assemble(plan, outcomes: outcomes, inputs: inputs)
        var allCells: [ProjectionCell] = []
        allCells.reserveCapacity(results.reduce(0) { $0 + $1.cells.count } * scenarios.count * years.count)
        for s in scenarios.indices {
            for result in results {
                for seriesCells in result.cells { allCells += seriesCells[s] }
            }
        }
        let provenance = prepared.flatMap(\.provenance)
            + GapAnalysis.allocationProvenance(plan, allocated: allocated, regions: { series[$0].region })
        let planActual = planVersusActual(inputs: inputs, cells: allCells, gaps: rows, baseline: scenarios[0].name)
        progress?(1)
        return ScenarioRun(specification: specification, draws: drawCount, seed: seedValue, years: years, cells: allCells,
                           gaps: rows, missingData: missing, planVersusActual: planActual,
                           elasticities: prepared.compactMap(\.elasticity), provenance: provenance, histories: histories,
                           notes: notes(prepared, inputs: inputs, cells: allCells))
    }
}
