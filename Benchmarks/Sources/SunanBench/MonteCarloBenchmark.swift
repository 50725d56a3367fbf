import Foundation
import Indicators
import Scenarios

/// The Monte Carlo suite of `sunan-bench` (issue 5): the scenario engine's core on a synthetic input.
///
/// The input: `regions` member regions of a zone, each with an outcome and an investment driver observed
/// 2008–2017 (log-linear trends with a little noise, from ``BenchData`` so that
/// `Benchmarks/monte_carlo_peers.py` builds the very same series), projected `horizon` years from 2018
/// under four scenarios (baseline and driver uplifts of +10, +20 and −10 %/yr from 2018), with a given
/// elasticity of 0.6 (standard error 0.15) and a one-year lag, outcome and driver both `loglinear`. For
/// every draw the engine draws each log-linear path with all its uncertainty, anchored at the last
/// observation — σ² from its scaled inverse χ², then the path's jointly normal forecast errors through
/// the Cholesky factor of their covariance (parameter and noise uncertainty together) — for every
/// region's outcome and driver, then one elasticity; each scenario scales the outcome by the driver
/// ratio to the power of the elasticity; the zone is the sum of the regions in every draw. Every series
/// × year × scenario is then summarised: mean, its Monte Carlo standard error and the 2.5, 10, 90 and
/// 97.5 % quantiles. The timed call is ``ScenarioEngine/run(_:draws:seed:progress:)`` (no targets, so no
/// gap analysis); building the panel is not timed.
struct MonteCarloBenchmark {
    /// Case names in the order they run.
    static let caseNames = ["engine"]
    /// The as-of year of the synthetic input (history 2008 through it).
    static let asOf = 2017
    /// The first history year.
    static let firstYear = 2008

    let data: BenchData
    let regions: Int
    let horizon: Int
    let draws: Int

    init(seed: UInt64, regions: Int, horizon: Int, draws: Int) {
        self.data = BenchData(seed: seed)
        self.regions = regions
        self.horizon = horizon
        self.draws = draws
    }

    /// The region names `R0`, `R1`, ….
    var regionNames: [String] { (0..<regions).map { "R\($0)" } }

    /// Log of the synthetic value of region `r` in `year` (`series` 0: outcome, 1: driver):
    /// `log(level) + growth · t + noise`, with level in [50, 150) (outcome) or a quarter of it
    /// (driver), growth in [0.05, 0.15) and noise of standard deviation 0.05.
    func logValue(region r: Int, series: Int, year: Int) -> Double {
        let stream = UInt64(20 + 10 * series)
        let level = (50 + 100 * data.uniform(stream: stream, index: r)) / (series == 0 ? 1 : 4)
        let growth = 0.05 + 0.1 * data.uniform(stream: stream + 1, index: r)
        let t = Double(year - Self.firstYear)
        let history = Self.asOf - Self.firstYear + 1
        return log(level) + growth * t + data.noise(stream: stream + 2, index: r * history + (year - Self.firstYear), sd: 0.05)
    }

    /// The scenario inputs (untimed).
    func inputs() throws -> ScenarioInputs {
        let unit = UnitOfMeasure.hundredMillionCNY
        var observations: [Observation] = []
        for (r, region) in regionNames.enumerated() {
            for year in Self.firstYear...Self.asOf {
                for (series, indicator) in ["outcome", "driver"].enumerated() {
                    observations.append(Observation(region: region, indicator: indicator, year: year,
                                                    value: exp(logValue(region: r, series: series, year: year)), unit: unit))
                }
            }
        }
        let panel = try Panel(observations: observations)
        let driver = DriverSpecification(indicator: "driver", lag: 1, model: "loglinear", elasticity: .given(value: 0.6, standardError: 0.15))
        let specification = ScenarioSpecification(
            title: "Monte Carlo benchmark", data: [], asOf: Self.asOf, horizonYear: Self.asOf + horizon,
            zone: ZoneSpecification(region: "Zone", members: regionNames),
            projections: [ProjectionSpecification(indicator: "outcome", model: "loglinear", level: .members,
                                                  regions: regionNames, driver: driver)],
            scenarios: [ScenarioCase(name: "baseline"),
                        ScenarioCase(name: "plus10", driver: .uplift(percentPerYear: 10, fromYear: Self.asOf + 1)),
                        ScenarioCase(name: "plus20", driver: .uplift(percentPerYear: 20, fromYear: Self.asOf + 1)),
                        ScenarioCase(name: "minus10", driver: .uplift(percentPerYear: -10, fromYear: Self.asOf + 1))],
            simulation: SimulationSettings(draws: draws, seed: 20_180_101))
        return ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: [])
    }

    /// Builds the input, then times one engine run per repeat after a warm-up.
    func run(repeats: Int) throws -> MonteCarloResult {
        let inputs = try inputs()
        let (median, run) = try medianTime(repeats: repeats) { try ScenarioEngine.run(inputs) }
        let lastYear = Self.asOf + horizon
        let zoneMeans = run.specification.scenarios.map { scenario in
            run.cells.first { $0.scenario == scenario.name && $0.region == "Zone" && $0.year == lastYear }
        }
        return MonteCarloResult(name: "engine", medianSeconds: median, repeats: repeats, draws: draws,
                                scenarios: run.specification.scenarios.count, regions: regions, horizon: horizon,
                                cells: run.cells.count,
                                zoneMean: zoneMeans.map { $0?.mean ?? .nan },
                                zoneMeanStandardError: zoneMeans.map { $0?.meanStandardError ?? .nan })
    }
}

/// The timing of one Monte Carlo case.
struct MonteCarloResult {
    let name: String
    /// Median wall-clock seconds of one engine run.
    let medianSeconds: Double
    let repeats: Int
    /// Draws per scenario.
    let draws: Int
    let scenarios: Int
    let regions: Int
    let horizon: Int
    /// Summarised cells (series × year × scenario).
    let cells: Int
    /// The zone's mean in the last projected year, per scenario, and its Monte Carlo standard error
    /// (for comparing with the peer, whose random numbers differ).
    let zoneMean: [Double]
    let zoneMeanStandardError: [Double]

    /// Scenario-draws per second: every scenario's draws (each a full set of paths) per second.
    var drawsPerSecond: Double { Double(draws * scenarios) / medianSeconds }

    /// One JSON line or one CSV row.
    func rendered(suite: String, format: BenchCommand.OutputFormat) -> String {
        let median = String(format: "%.6e", medianSeconds)
        let rate = String(format: "%.6g", drawsPerSecond)
        let means = zoneMean.map { String(format: "%.10g", $0) }
        let errors = zoneMeanStandardError.map { String(format: "%.6g", $0) }
        switch format {
        case .jsonl:
            return "{\"suite\":\"\(suite)\",\"case\":\"\(name)\",\"median_seconds\":\(median),\"draws_per_second\":\(rate),"
                + "\"repeats\":\(repeats),\"draws\":\(draws),\"scenarios\":\(scenarios),\"regions\":\(regions),"
                + "\"horizon\":\(horizon),\"cells\":\(cells),\"zone_mean_last_year\":[\(means.joined(separator: ","))],"
                + "\"zone_mean_se\":[\(errors.joined(separator: ","))]}"
        case .csv:
            return "\(suite),\(name),\(median),\(rate),\(repeats),\(draws),\(scenarios),\(regions),\(horizon),"
                + means.joined(separator: ";")
        }
    }
}
