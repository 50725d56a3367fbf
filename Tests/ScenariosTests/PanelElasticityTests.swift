import Foundation
import Indicators
import LinearAlgebra
import Scenarios
import SunanTestSupport
import Testing

/// One case of Fixtures/elasticity-reference.json (scripts/make_elasticity_reference.py, statsmodels OLS).
private struct ElasticityReferenceCase: Decodable {
    let outcome: String
    let driver: String
    let lag: Int
    let from_year: Int?
    let through_year: Int
    let value: String
    let standard_error: String
    let cluster_standard_error: String
    let degrees_of_freedom: Int
    let cluster_degrees_of_freedom: Int
    let observation_count: Int
    let region_count: Int
    let regions: [String]
    let years: [Int]
    let first_year: Int
    let last_year: Int
    let r_squared: String
    let r_squared_within: String

    /// A number written by the script with repr (shortest round-trip decimal).
    static func number(_ text: String) throws -> Double { try #require(Double(text)) }
}

/// Shared data for the elasticity tests: the shipped panel and the reference cases.
private enum ElasticityFixtures {
    /// The shipped provincial panel; throws (with the loader's issues) when it cannot be loaded.
    static var provinces: Panel { get throws { try loadedProvinces.get() } }

    private static let loadedProvinces = Result {
        try PanelLoader.load(paths: [Repository.path("notebooks-data/china-provinces-st-panel.csv")]).panel
    }

    /// The region hierarchy shipped beside it; throws when it cannot be loaded.
    static var hierarchy: RegionHierarchy { get throws { try loadedHierarchy.get() } }

    private static let loadedHierarchy = Result { try RegionLoader.load(path: Repository.path("notebooks-data/regions.csv")) }

    /// The reference cases by name; throws (naming the file) when the fixture is missing, unreadable or empty.
    static var cases: [String: ElasticityReferenceCase] { get throws { try loadedCases.get() } }

    private static let loadedCases = Result { () throws -> [String: ElasticityReferenceCase] in
        struct File: Decodable { let cases: [String: ElasticityReferenceCase] }
        let url = try Fixture.url("elasticity-reference.json", in: Bundle.module)
        return try Fixture.nonEmpty(Fixture.decode(File.self, at: url).cases, from: url)
    }

    /// The estimate of the case `name` on the shipped panel.
    static func estimate(_ reference: ElasticityReferenceCase,
                         standardError: ElasticityStandardError = .conventional) throws -> ElasticityEstimate {
        try PanelElasticity.estimate(panel: provinces, outcome: reference.outcome, driver: reference.driver,
                                     lag: reference.lag, regions: [], fromYear: reference.from_year,
                                     throughYear: reference.through_year, standardError: standardError)
    }

    /// A synthetic annual observation.
    static func observation(_ region: String, _ indicator: String, _ year: Int, _ value: Double,
                            unit: UnitOfMeasure = .tenThousandCNY) -> Observation {
        Observation(region: region, indicator: indicator, year: year, value: value, unit: unit)
    }

    /// A synthetic panel following log y = a_r + g_t + e · log x_{t−lag} (+ a small deterministic disturbance).
    static func syntheticPanel(regions: [String], years: ClosedRange<Int>, elasticity: Double, lag: Int,
                               disturbance: Double) -> Panel {
        var observations: [Observation] = []
        for (r, region) in regions.enumerated() {
            for year in (years.lowerBound - lag)...years.upperBound {
                let t = Double(year - years.lowerBound)
                let x = exp(1 + 0.3 * Double(r) + 0.08 * t + 0.2 * sin(Double(r * 7 + year)))
                observations.append(observation(region, "driver", year, x))
            }
            for year in years {
                let t = Double(year - years.lowerBound)
                let xLag = observations.first { $0.region == region && $0.indicator == "driver" && $0.year == year - lag }!.value
                let logY = 2 + 0.5 * Double(r) + 0.05 * t * t + elasticity * log(xLag)
                    + disturbance * cos(Double(3 * r + 5 * year))
                observations.append(observation(region, "outcome", year, exp(logY)))
            }
        }
        return (try? Panel(observations: observations)) ?? .empty
    }
}

@Suite("Panel elasticity", .tags(.reference))
struct PanelElasticityTests {
    /// statsmodels fits the same dummy design by pinv; 1e-8 relative is the acceptance criterion.
    static let tolerance = 1e-8

    @Test("matches statsmodels OLS: slope, conventional and cluster-robust SE, R², counts, regions and years",
          arguments: ["tech_outflow_on_st_budget_lag1_through2017", "tech_outflow_on_st_budget_lag1_through2023",
                      "rd_total_on_rd_government_lag0_through2023", "tech_outflow_on_st_budget_lag1_2013_through2019"])
    func matchesStatsmodels(caseName: String) throws {
        let reference = try #require(ElasticityFixtures.cases[caseName])
        let estimate = try ElasticityFixtures.estimate(reference)
        let relative = relativeDifference

        #expect(relative(estimate.value, try ElasticityReferenceCase.number(reference.value)) < Self.tolerance)
        #expect(relative(estimate.standardError, try ElasticityReferenceCase.number(reference.standard_error)) < Self.tolerance)
        #expect(relative(estimate.conventionalStandardError, try ElasticityReferenceCase.number(reference.standard_error)) < Self.tolerance)
        #expect(relative(estimate.clusteredStandardError, try ElasticityReferenceCase.number(reference.cluster_standard_error)) < Self.tolerance)
        #expect(relative(estimate.rSquared, try ElasticityReferenceCase.number(reference.r_squared)) < Self.tolerance)
        #expect(relative(estimate.rSquaredWithin, try ElasticityReferenceCase.number(reference.r_squared_within)) < Self.tolerance)

        #expect(estimate.observationCount == reference.observation_count)
        #expect(estimate.degreesOfFreedom == reference.degrees_of_freedom)
        #expect(estimate.residualDegreesOfFreedom == reference.degrees_of_freedom)
        #expect(estimate.regionCount == reference.region_count)
        #expect(estimate.regions == reference.regions)
        #expect(estimate.sampleYears == reference.years)
        #expect(estimate.years == reference.first_year...reference.last_year)
        #expect(estimate.standardErrorKind == .conventional)
        #expect(estimate.outcome == reference.outcome && estimate.driver == reference.driver && estimate.lag == reference.lag)
        #expect(!estimate.regions.contains(PanelElasticity.nationalTotal))
    }

    @Test("the cluster-robust option reports the clustered SE on G − 1 degrees of freedom")
    func clusteredOption() throws {
        let reference = try #require(ElasticityFixtures.cases["tech_outflow_on_st_budget_lag1_through2017"])
        let estimate = try ElasticityFixtures.estimate(reference, standardError: .clusteredByRegion)
        let expected = try ElasticityReferenceCase.number(reference.cluster_standard_error)
        #expect(relativeDifference(estimate.standardError, expected) < Self.tolerance)
        #expect(estimate.degreesOfFreedom == reference.cluster_degrees_of_freedom)
        #expect(estimate.standardErrorKind == .clusteredByRegion)
        #expect(estimate.method.contains("cluster-robust"))
        let interval = estimate.confidenceInterval(level: 0.95)
        #expect(interval.lowerBound < estimate.value && estimate.value < interval.upperBound)
    }

    @Test("the default regions are the provinces: listing them, or passing the hierarchy, gives the same estimate", .tags(.invariant))
    func defaultRegions() throws {
        let reference = try #require(ElasticityFixtures.cases["tech_outflow_on_st_budget_lag1_through2017"])
        let byDefault = try ElasticityFixtures.estimate(reference)
        let listed = try PanelElasticity.estimate(
            panel: ElasticityFixtures.provinces, outcome: reference.outcome, driver: reference.driver, lag: 1,
            regions: reference.regions, fromYear: nil, throughYear: 2017)
        let hierarchy = try ElasticityFixtures.hierarchy
        let viaHierarchy = try PanelElasticity.estimate(
            panel: ElasticityFixtures.provinces, outcome: reference.outcome, driver: reference.driver, lag: 1,
            regions: [], fromYear: nil, throughYear: 2017, hierarchy: hierarchy)
        #expect(listed == byDefault)
        #expect(viaHierarchy == byDefault)
        #expect(byDefault.regionCount == 31)
    }

    @Test("a region whose series is in another unit is converted explicitly: the estimate does not change", .tags(.invariant))
    func unitsAreConverted() throws {
        let reference = try #require(ElasticityFixtures.cases["rd_total_on_rd_government_lag0_through2023"])
        let original = try ElasticityFixtures.estimate(reference)
        let rescaled = try ElasticityFixtures.provinces.observations.map { observation -> Observation in
            guard observation.region == "Hubei", observation.indicator == reference.outcome else { return observation }
            return (try? observation.converted(to: .hundredMillionCNY)) ?? observation
        }
        let panel = try Panel(observations: rescaled)
        #expect(panel.series(region: "Hubei", indicator: reference.outcome)?.unit == .hundredMillionCNY)
        let estimate = try PanelElasticity.estimate(panel: panel, outcome: reference.outcome, driver: reference.driver,
                                                    lag: 0, regions: [], fromYear: nil, throughYear: 2023)
        #expect(relativeDifference(estimate.value, original.value) < 1e-12)
        #expect(relativeDifference(estimate.standardError, original.standardError) < 1e-12)
        #expect(estimate.outcomeUnit == .tenThousandCNY)
    }

    @Test("a series in a unit of another dimension is refused with a sentence naming it", .tags(.specification))
    func inconsistentUnits() throws {
        var observations = ElasticityFixtures.syntheticPanel(
            regions: ["A", "B", "C", "D"], years: 2010...2015, elasticity: 0.5, lag: 1, disturbance: 0.01).observations
        observations = observations.map { observation in
            guard observation.region == "C", observation.indicator == "driver" else { return observation }
            return ElasticityFixtures.observation("C", "driver", observation.year, observation.value, unit: .count)
        }
        let panel = try Panel(observations: observations)
        #expect(throws: ElasticityError.inconsistentUnits(indicator: "driver", region: "C", unit: .count, expected: .tenThousandCNY)) {
            try PanelElasticity.estimate(panel: panel, outcome: "outcome", driver: "driver", lag: 1, regions: [],
                                         fromYear: nil, throughYear: 2015)
        }
    }

    @Test("recovers the elasticity of data built from the model", arguments: [0, 1, 2])
    func recoversElasticity(lag: Int) throws {
        let panel = ElasticityFixtures.syntheticPanel(regions: ["A", "B", "C", "D", "E"], years: 2010...2018,
                                                      elasticity: 0.65, lag: lag, disturbance: 0)
        let estimate = try PanelElasticity.estimate(panel: panel, outcome: "outcome", driver: "driver", lag: lag,
                                                    regions: [], fromYear: nil, throughYear: 2018)
        #expect(abs(estimate.value - 0.65) < 1e-10)
        #expect(estimate.observationCount == 45)
        #expect(estimate.standardError < 1e-8)

        let noisy = ElasticityFixtures.syntheticPanel(regions: ["A", "B", "C", "D", "E"], years: 2010...2018,
                                                      elasticity: 0.65, lag: lag, disturbance: 0.02)
        let fitted = try PanelElasticity.estimate(panel: noisy, outcome: "outcome", driver: "driver", lag: lag,
                                                  regions: ["B", "C", "D", "E"], fromYear: 2012, throughYear: 2017)
        #expect(abs(fitted.value - 0.65) < 4 * fitted.standardError + 1e-3)
        #expect(fitted.regions == ["B", "C", "D", "E"])
        #expect(fitted.sampleYears == Array(2012...2017))
        #expect(fitted.residualDegreesOfFreedom == 24 - (1 + 1 + 3 + 5))
    }

    @Test("years after the as-of year and non-positive values never enter the sample", .tags(.specification))
    func sampleFilters() throws {
        var observations = ElasticityFixtures.syntheticPanel(
            regions: ["A", "B", "C", "D"], years: 2010...2016, elasticity: 0.4, lag: 1, disturbance: 0.03).observations
        observations = observations.map { observation in
            if observation.region == "B", observation.indicator == "outcome", observation.year == 2012 {
                return ElasticityFixtures.observation("B", "outcome", 2012, 0)
            }
            if observation.region == "C", observation.indicator == "driver", observation.year == 2013 {
                return ElasticityFixtures.observation("C", "driver", 2013, -5)
            }
            return observation
        }
        let panel = try Panel(observations: observations)
        let estimate = try PanelElasticity.estimate(panel: panel, outcome: "outcome", driver: "driver", lag: 1,
                                                    regions: [], fromYear: nil, throughYear: 2015)
        // 4 regions × 6 years (2010–2015), less B 2012 (y = 0) and C 2014 (x₂₀₁₃ < 0).
        #expect(estimate.observationCount == 22)
        #expect(estimate.years == 2010...2015)
    }

    @Test("refuses a sample too small, with a plain sentence", .tags(.specification))
    func refusesSmallSamples() throws {
        let panel = ElasticityFixtures.syntheticPanel(regions: ["A", "B", "C", "D"], years: 2010...2015,
                                                      elasticity: 0.5, lag: 1, disturbance: 0.01)
        func attempt(regions: [String] = [], fromYear: Int? = nil, throughYear: Int = 2015, lag: Int = 1) -> ElasticityError? {
            do {
                _ = try PanelElasticity.estimate(panel: panel, outcome: "outcome", driver: "driver", lag: lag,
                                                 regions: regions, fromYear: fromYear, throughYear: throughYear)
                return nil
            } catch {
                return error
            }
        }
        #expect(attempt(regions: ["A", "B"]) == .tooFewRegions(found: ["A", "B"], outcome: "outcome", driver: "driver"))
        #expect(attempt(fromYear: 2015) == .tooFewYears(found: [2015], outcome: "outcome", driver: "driver"))
        // 3 regions × 2 years less one observation: 5 observations for 1 + 1 + 2 + 1 = 5 coefficients.
        let thin = panel.filter { !($0.region == "C" && $0.indicator == "outcome" && $0.year == 2015) }
        #expect(throws: ElasticityError.noResidualDegreesOfFreedom(observations: 5, parameters: 5)) {
            try PanelElasticity.estimate(panel: thin, outcome: "outcome", driver: "driver", lag: 1, regions: ["A", "B", "C"],
                                         fromYear: 2014, throughYear: 2015)
        }
        #expect(attempt(lag: -1) == .negativeLag(-1))
        #expect(attempt(fromYear: 2016, throughYear: 2015) == .emptyYearRange(fromYear: 2016, throughYear: 2015))
        #expect(attempt(regions: ["A", "Atlantis"]) == .unknownRegions(["Atlantis"], available: ["A", "B", "C", "D"]))
        let sentence = attempt(regions: ["A", "B"])?.description ?? ""
        #expect(sentence.contains("at least 3"))

        #expect(throws: ElasticityError.unknownIndicator("budget", available: ["driver", "outcome"])) {
            try PanelElasticity.estimate(panel: panel, outcome: "outcome", driver: "budget", lag: 1, regions: [],
                                         fromYear: nil, throughYear: 2015)
        }
    }

    @Test("a driver that the fixed effects explain exactly is refused as not identified", .tags(.specification))
    func driverNotIdentified() throws {
        var observations: [Observation] = []
        for (r, region) in ["A", "B", "C", "D"].enumerated() {
            for year in 2009...2015 {
                observations.append(ElasticityFixtures.observation(region, "driver", year, Double(r + 2)))
                observations.append(ElasticityFixtures.observation(region, "outcome", year,
                                                                   Double(r + 1) * exp(0.1 * Double(year - 2009) + 0.01 * sin(Double(year * r)))))
            }
        }
        let panel = try Panel(observations: observations)
        #expect(throws: ElasticityError.driverNotIdentified(driver: "driver")) {
            try PanelElasticity.estimate(panel: panel, outcome: "outcome", driver: "driver", lag: 1, regions: [],
                                         fromYear: nil, throughYear: 2015)
        }
    }
}
