import Forecasting
import Foundation
import Indicators
import LinearAlgebra

extension ScenarioEngine {
    /// What the streaming path keeps of one projection once its draws are gone.
    private struct ProjectionResult {
        let elasticity: ElasticityUsed?
        let provenance: [ProvenanceItem]
        let histories: [HistorySeries]
        /// The cells of each series (output order), `[series][scenario][year]`.
        var cells: [[[ProjectionCell]]]
        /// The gap rows computed, by their index in the run's plan.
        var rows: [(task: Int, row: GapRow)]
    }

    /// The streaming path behind ``run(_:draws:seed:progress:)``: the same run as
    /// ``runKeepingDraws(_:draws:seed:progress:)``, cell for cell and row for row, holding the draws of one
    /// projection per thread (of one region at level `regions`) instead of the whole run's.
    ///
    /// The gap rows are planned first from the series each projection will produce, so each projection
    /// (on a `WorkerPool` of `threads` threads, each taking the next projection in turn) summarises its
    /// series into cells and computes the gap rows of its own series as soon as it has drawn them, then
    /// drops the draws. Results are placed by projection index and every projection has its own random
    /// stream, so the run does not depend on the number of threads. A zone target allocated to members
    /// whose series are not drawn together (in different projections, or at level `regions`) needs every
    /// member's baseline first: its rows are computed after all projections, by drawing those members
    /// again from their own streams.
    static func runStreaming(_ inputs: ScenarioInputs, draws: Int? = nil, seed: UInt64? = nil, threads: Int,
                             progress: ((Double) -> Void)? = nil) throws -> ScenarioRun {
        let specification = inputs.specification
        let (drawCount, seedValue, years) = try settings(inputs, draws: draws, seed: seed)
        let root = RandomSource(seed: seedValue)
        let projections = specification.projections
        let scenarios = specification.scenarios
        let keys = projections.map { ProjectionLayout($0, zone: specification.zone).keys($0) }
        /// The index in the run of each projection's first series, and the run's series count last.
        let offsets = keys.reduce(into: [0]) { offsets, projectionKeys in
            offsets.append(offsets[offsets.count - 1] + projectionKeys.count)
        }
        /// The projection and local index of a series of the run.
        @Sendable func locate(_ series: Int) -> (projection: Int, local: Int) {
            var low = 0, high = projections.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if offsets[middle] <= series { low = middle } else { high = middle - 1 }
            }
            return (low, series - offsets[low])
        }
        let allPrepared = try prepareAll(projections, inputs: inputs, years: years, threads: threads)
        let plan = GapAnalysis.plan(specification: specification, targets: inputs.targets, years: years,
                                    keys: keys.flatMap { $0 })
        // An allocation is settled inside a projection when all its members are drawn together there.
        let localAllocation: [Int?] = plan.allocations.map { allocation in
            let owners = Set(allocation.members.map { locate($0).projection })
            guard owners.count == 1, let owner = owners.first, projections[owner].level != .regions else { return nil }
            return owner
        }
        var tasksByProjection = [[Int]](repeating: [], count: projections.count)
        var deferred: [Int] = []
        for (index, task) in plan.tasks.enumerated() {
            guard let series = task.series else { continue }
            if let allocation = task.allocation, localAllocation[allocation.index] == nil {
                deferred.append(index)
            } else {
                tasksByProjection[locate(series).projection].append(index)
            }
        }
        let lags = projections.map { $0.driver?.lag ?? 0 }
        let hasDriver = projections.map { $0.driver != nil }
        @Sendable func context(projection: Int?, elasticity: [Double], histories: [HistorySeries]) -> GapContext {
            var elasticityDraws = [[Double]](repeating: [], count: projections.count)
            if let projection { elasticityDraws[projection] = elasticity }
            return GapContext(specification: specification, inputs: inputs, years: years, draws: [], histories: histories,
                              elasticityDraws: elasticityDraws, lags: lags, hasDriver: hasDriver)
        }

        /// Draws projection `p`, keeping its cells and the rows of `taskIndices` (with the thresholds of
        /// allocations computed elsewhere in `thresholds`); with `cellsWanted` false, only the series the
        /// tasks need are drawn.
        @Sendable func process(_ p: Int, taskIndices: [Int], thresholds: [Int: [(TargetComparator, String)]],
                               cellsWanted: Bool) throws -> ProjectionResult {
            let prepared = allPrepared[p]
            var result = ProjectionResult(elasticity: prepared.elasticity, provenance: prepared.provenance,
                                          histories: prepared.histories,
                                          cells: Array(repeating: [], count: prepared.series.count), rows: [])
            var tasksBySeries: [Int: [Int]] = [:]
            for task in taskIndices { tasksBySeries[locate(plan.tasks[task].series!).local, default: []].append(task) }
            let ownAllocations = plan.allocations.indices.filter { localAllocation[$0] == p && thresholds[$0] == nil }
            var scratch: [Double] = []
            var settled = thresholds
            /// Cells and rows of the series `local` of the projection.
            func take(_ series: SeriesDraws, local: Int, elasticity: [Double], summarise: Bool) {
                if summarise && cellsWanted {
                    result.cells[local] = cells(of: series, scenarios: scenarios, years: years, scratch: &scratch)
                }
                guard let tasks = tasksBySeries[local] else { return }
                let gapContext = context(projection: p, elasticity: elasticity, histories: prepared.histories)
                for task in tasks {
                    let plannedTask = plan.tasks[task]
                    let (threshold, rationale) = plannedTask.allocation.map { settled[$0.index]![$0.member] }
                        .map { ($0.0, Optional($0.1)) } ?? (plannedTask.target.comparator, nil)
                    result.rows.append((task, GapAnalysis.row(plannedTask, threshold: threshold, allocation: rationale,
                                                              series: series, context: gapContext)))
                }
            }
            let only: Set<Int>? = cellsWanted ? nil : Set(tasksBySeries.keys)
            let sourceCount = prepared.outcomes.count
            if prepared.drawsByRegion {
                let output = simulate(prepared, inputs: inputs, years: years, draws: drawCount, root: root, only: only) { chunk in
                    for (offset, series) in chunk.outcomes.enumerated() {
                        take(series, local: chunk.regions.lowerBound + offset, elasticity: chunk.elasticity, summarise: true)
                    }
                    for (offset, series) in chunk.drivers.enumerated() {
                        take(series, local: sourceCount + chunk.regions.lowerBound + offset, elasticity: chunk.elasticity,
                             summarise: true)
                    }
                }
                if let zone = output.zone {
                    take(zone, local: prepared.series.count - 1, elasticity: output.elasticityDraws, summarise: true)
                }
            } else {
                // Drawn whole: every series at once, so allocations among them can be settled here.
                var all: [SeriesDraws] = []
                let output = simulate(prepared, inputs: inputs, years: years, draws: drawCount, root: root) { chunk in
                    all += chunk.outcomes + chunk.drivers + chunk.members
                }
                if let zone = output.zone { all.append(zone) }
                for (local, series) in all.enumerated() where cellsWanted {
                    result.cells[local] = cells(of: series, scenarios: scenarios, years: years, scratch: &scratch)
                }
                for index in ownAllocations {
                    let allocation = plan.allocations[index]
                    let members = allocation.members.map { all[locate($0).local] }
                    settled[index] = GapAnalysis.allocate(
                        allocation, baselineMeans: members.map { DrawSummary($0.values[0][allocation.yearIndex], quantiles: []).mean },
                        histories: prepared.histories, memberRegions: members.map(\.region), asOf: specification.asOf)
                }
                for (local, series) in all.enumerated() {
                    take(series, local: local, elasticity: output.elasticityDraws, summarise: false)
                }
            }
            return result
        }

        var results = try WorkerPool(threads: threads).map(count: projections.count, progress: { finished in
            progress?(Double(finished) / Double(projections.count + 1))
        }) { [tasksByProjection] p in
            try process(p, taskIndices: tasksByProjection[p], thresholds: [:], cellsWanted: true)
        }

        // Allocations: thresholds from the members' baseline means and histories (the same numbers a
        // projection settling its own allocation used), then the deferred rows.
        let histories = results.flatMap(\.histories)
        var allocated: [Int: [(TargetComparator, String)]] = [:]
        for (index, allocation) in plan.allocations.enumerated() {
            let members = allocation.members.map(locate)
            allocated[index] = GapAnalysis.allocate(
                allocation, baselineMeans: members.map { results[$0.projection].cells[$0.local][0][allocation.yearIndex].mean },
                histories: histories, memberRegions: allocation.members.map { keys[locate($0).projection][locate($0).local].region },
                asOf: specification.asOf)
        }
        var deferredByProjection: [Int: [Int]] = [:]
        for task in deferred { deferredByProjection[locate(plan.tasks[task].series!).projection, default: []].append(task) }
        for (p, tasks) in deferredByProjection.sorted(by: { $0.key < $1.key }) {
            results[p].rows += try process(p, taskIndices: tasks, thresholds: allocated, cellsWanted: false).rows
        }

        // Assembly, in the whole-run order.
        var rows = [GapRow?](repeating: nil, count: plan.tasks.count)
        let noData = context(projection: nil, elasticity: [], histories: [])
        for (index, task) in plan.tasks.enumerated() where task.series == nil {
            rows[index] = GapAnalysis.row(task, threshold: task.target.comparator, allocation: nil, series: nil, context: noData)
        }
        for result in results {
            for (task, row) in result.rows { rows[task] = row }
        }
        var allCells: [ProjectionCell] = []
        allCells.reserveCapacity(results.reduce(0) { $0 + $1.cells.count } * scenarios.count * years.count)
        for s in scenarios.indices {
            for result in results {
                for series in result.cells { allCells += series[s] }
            }
        }
        var provenance = results.flatMap(\.provenance)
        for (index, allocation) in plan.allocations.enumerated() {
            for (member, (_, rationale)) in zip(allocation.members, allocated[index]!) {
                let position = locate(member)
                provenance.append(ProvenanceItem(kind: .allocation,
                                                 subject: .allocation(targetID: allocation.target.id,
                                                                      region: keys[position.projection][position.local].region),
                                                 detail: rationale))
            }
        }
        let planActual = planVersusActual(inputs: inputs, cells: allCells, baseline: scenarios[0].name)
        progress?(1)
        return ScenarioRun(specification: specification, draws: drawCount, seed: seedValue, years: years, cells: allCells,
                           gaps: rows.map { $0! }, planVersusActual: planActual, elasticities: results.compactMap(\.elasticity),
                           provenance: provenance, histories: histories, warnings: [])
    }
}
