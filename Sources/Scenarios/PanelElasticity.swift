import Foundation
import Indicators
import LinearAlgebra

/// Which standard error an ``ElasticityEstimate`` reports as its ``ElasticityEstimate/standardError``.
public enum ElasticityStandardError: String, Sendable, Equatable, CaseIterable {
    /// The conventional OLS standard error, √(σ² (XᵀX)⁻¹) for the slope, on n − p degrees of freedom.
    /// It assumes independent, equal-variance errors. This is the default.
    case conventional
    /// The cluster-robust (by region) sandwich standard error with statsmodels' small-sample
    /// correction G/(G − 1) · (n − 1)/(n − p), on G − 1 degrees of freedom (G regions). It allows
    /// any correlation of a region's errors over the years and is usually larger here.
    case clusteredByRegion
}

/// An estimated elasticity with its inference and sample.
///
/// The value comes from a least-squares regression of observational data: it measures how the
/// outcome and the lagged driver moved together within regions, beyond what all regions shared in a
/// year. It is an association, not a causal effect: spending may follow expected outcomes (reverse
/// causation), and anything else that moved both within a region (economic growth, policy) is not
/// controlled for. Use it as a scenario assumption with its standard error, not as a proven lever.
public struct ElasticityEstimate: Sendable, Equatable {
    /// The outcome indicator y.
    public let outcome: String
    /// The driver indicator x.
    public let driver: String
    /// Years between the driver and the outcome: y in year t is paired with x in year t − lag.
    public let lag: Int
    /// The estimated elasticity e: the percentage change of y with a 1 % higher x (lagged).
    public let value: Double
    /// The standard error of ``value`` of the kind ``standardErrorKind`` (conventional by default).
    public let standardError: Double
    /// Degrees of freedom for Student-t inference on ``value`` with ``standardError``:
    /// n − p for the conventional standard error, G − 1 for the cluster-robust one.
    public let degreesOfFreedom: Int
    /// Which standard error ``standardError`` and ``degreesOfFreedom`` describe.
    public let standardErrorKind: ElasticityStandardError
    /// The conventional OLS standard error √(σ² (XᵀX)⁻¹)ₑₑ, always computed.
    public let conventionalStandardError: Double
    /// Residual degrees of freedom n − p of the regression.
    public let residualDegreesOfFreedom: Int
    /// The cluster-robust (by region) standard error, always computed (see ``ElasticityStandardError/clusteredByRegion``).
    public let clusteredStandardError: Double
    /// Number of (region, year) observations n in the regression.
    public let observationCount: Int
    /// Number of regions G with at least one observation in the sample.
    public let regionCount: Int
    /// The first and last outcome year in the sample (some years inside may be absent, see ``sampleYears``).
    public let years: ClosedRange<Int>
    /// The outcome years present in the sample, increasing (each has a year effect).
    public let sampleYears: [Int]
    /// The regions in the sample, sorted.
    public let regions: [String]
    /// The unit every outcome series was put in before taking logs.
    public let outcomeUnit: UnitOfMeasure
    /// The unit every driver series was put in before taking logs.
    public let driverUnit: UnitOfMeasure
    /// Centred R² of the whole regression (fixed effects included, so usually close to 1).
    public let rSquared: Double
    /// Within R²: 1 − RSS / RSS₀, where RSS₀ is the residual sum of squares of the same sample
    /// regressed on the region and year effects alone — the share of the variation left after the
    /// fixed effects that the driver explains (by Frisch–Waugh–Lovell, the R² of the two-way
    /// demeaned regression, also in an unbalanced panel).
    public let rSquaredWithin: Double
    /// A one-line description for reports.
    public let method: String

    /// The Student-t confidence interval for the elasticity at `level` (e.g. 0.95), with the
    /// reported standard error and degrees of freedom.
    public func confidenceInterval(level: Double) -> ClosedRange<Double> {
        RegressionPrediction(mean: value, meanStandardError: standardError, observationStandardError: standardError,
                             degreesOfFreedom: degreesOfFreedom).meanInterval(level: level)
    }
}

/// Why an elasticity could not be estimated.
public enum ElasticityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The panel has no annual observation of the indicator in the regions asked for.
    case unknownIndicator(String, available: [String])
    /// Requested regions that the panel does not hold.
    case unknownRegions([String], available: [String])
    /// The lag is negative.
    case negativeLag(Int)
    /// The first year is after the last year.
    case emptyYearRange(fromYear: Int, throughYear: Int)
    /// A region's series cannot be put in the unit of the other regions' series of that indicator.
    case inconsistentUnits(indicator: String, region: String, unit: UnitOfMeasure, expected: UnitOfMeasure)
    /// Fewer than three regions have a usable observation.
    case tooFewRegions(found: [String], outcome: String, driver: String)
    /// Fewer than two outcome years have a usable observation.
    case tooFewYears(found: [Int], outcome: String, driver: String)
    /// The sample has no more observations than the regression has coefficients.
    case noResidualDegreesOfFreedom(observations: Int, parameters: Int)
    /// The lagged log driver is a combination of the region and year effects (for example, it is
    /// constant within every region), so its coefficient is not identified.
    case driverNotIdentified(driver: String)
    /// The least-squares solver refused the problem.
    case regression(String)
    /// The least-squares solver failed through a defect of sunan, not of the panel (LAPACK rejected
    /// an argument; message from the solver): an internal failure.
    case internalFailure(String)

    /// A plain sentence describing the problem.
    public var description: String {
        switch self {
        case let .unknownIndicator(name, available):
            return "the panel has no annual observation of ‘\(name)’ in the regions used; indicators present: "
                + available.joined(separator: ", ")
        case let .unknownRegions(names, available):
            return "the panel has no region " + names.map { "‘\($0)’" }.joined(separator: ", ")
                + "; regions present: " + available.joined(separator: ", ")
        case let .negativeLag(lag):
            return "the lag must be 0 or more years, not \(lag)"
        case let .emptyYearRange(from, through):
            return "the first year \(from) is after the last year \(through)"
        case let .inconsistentUnits(indicator, region, unit, expected):
            return "‘\(indicator)’ in \(region) is in \(unit), which cannot be converted to \(expected), the unit of the other regions"
        case let .tooFewRegions(found, outcome, driver):
            return "only \(found.count) region(s) (\(found.joined(separator: ", "))) have positive ‘\(outcome)’ together with "
                + "positive lagged ‘\(driver)’ in the years asked for; an elasticity needs at least 3"
        case let .tooFewYears(found, outcome, driver):
            return "only \(found.count) year(s) (\(found.map(String.init).joined(separator: ", "))) have positive ‘\(outcome)’ "
                + "together with positive lagged ‘\(driver)’; an elasticity with year effects needs at least 2"
        case let .noResidualDegreesOfFreedom(observations, parameters):
            return "the sample has \(observations) observations for \(parameters) coefficients (driver, region and year effects); "
                + "there are no residual degrees of freedom to estimate a standard error"
        case let .driverNotIdentified(driver):
            return "the lagged log of ‘\(driver)’ is explained exactly by the region and year effects, so its elasticity is not identified"
        case let .regression(message):
            return "the panel regression failed: \(message)"
        case let .internalFailure(message):
            return "the panel regression failed: \(message)"
        }
    }
}

extension ElasticityError: LocalizedError {
    /// The same sentence as ``description``.
    public var errorDescription: String? { description }
}

/// The panel (two-way fixed-effects) elasticity of an outcome with respect to a lagged driver.
public enum PanelElasticity {
    /// The region id of the national total, never part of the default sample.
    public static let nationalTotal = "China"

    /// Estimates e in
    ///
    ///     log y_{r,t} = a_r + g_t + e · log x_{r,t−lag} + u_{r,t}
    ///
    /// by least squares with region and year dummies (LAPACK QR via `LinearRegression`).
    ///
    /// Sample: every annual observation with y_{r,t} > 0 and x_{r,t−lag} > 0 both present, with
    /// `fromYear` ≤ t ≤ `throughYear` (t is the outcome year; the driver may come from before
    /// `fromYear`). Part-year rows never enter. Each indicator is put in one unit (that of the
    /// alphabetically first region's series) by the panel's unit conversion before taking logs.
    ///
    /// Design: an intercept, the lagged log driver, a dummy for every sample region but the first
    /// (alphabetical) and for every sample year but the first — statsmodels' treatment coding, so
    /// `smf.ols('np.log(y) ~ np.log(x_lag) + C(region) + C(year)')` is the same regression. The slope
    /// does not depend on which region and year are dropped. p = 1 + 1 + (G − 1) + (T − 1).
    ///
    /// The value is an association within regions over time, not a causal effect (see
    /// ``ElasticityEstimate``).
    ///
    /// - Parameters:
    ///   - panel: the data.
    ///   - outcome: the outcome indicator y.
    ///   - driver: the driver indicator x.
    ///   - lag: years between driver and outcome (0 or more).
    ///   - regions: the regions to pool; empty for the default: every region of level `province` in
    ///     `hierarchy` when one is given, otherwise every region of the panel except the national
    ///     total ``nationalTotal``; in both cases only regions holding both indicators.
    ///   - fromYear: the first outcome year used, or nil for no lower bound.
    ///   - throughYear: the last outcome year used (the planner's as-of year).
    ///   - standardError: which standard error to report as ``ElasticityEstimate/standardError``
    ///     (both are always computed); conventional by default.
    ///   - hierarchy: the region hierarchy used to pick the provinces when `regions` is empty.
    /// - Throws: ``ElasticityError`` for unknown regions or indicators, a negative lag, units that do
    ///   not convert, or a sample too small (fewer than 3 regions, fewer than 2 years, or no residual
    ///   degrees of freedom), or a driver not identified beside the fixed effects.
    public static func estimate(panel: Panel, outcome: String, driver: String, lag: Int, regions: [String],
                                fromYear: Int?, throughYear: Int,
                                standardError: ElasticityStandardError = .conventional,
                                hierarchy: RegionHierarchy? = nil) throws(ElasticityError) -> ElasticityEstimate {
        guard lag >= 0 else { throw .negativeLag(lag) }
        if let fromYear, fromYear > throughYear { throw .emptyYearRange(fromYear: fromYear, throughYear: throughYear) }
        let candidates = try candidateRegions(panel: panel, outcome: outcome, driver: driver, requested: regions,
                                              hierarchy: hierarchy)
        let outcomeSeries = try seriesInOneUnit(panel: panel, indicator: outcome, regions: candidates)
        let driverSeries = try seriesInOneUnit(panel: panel, indicator: driver, regions: candidates)

        let rows = sampleRows(outcome: outcomeSeries.series, driver: driverSeries.series, lag: lag,
                              fromYear: fromYear, throughYear: throughYear)
        let sampleRegions = Array(Set(rows.map(\.region))).sorted()
        let sampleYears = Array(Set(rows.map(\.year))).sorted()
        guard sampleRegions.count >= 3 else { throw .tooFewRegions(found: sampleRegions, outcome: outcome, driver: driver) }
        guard sampleYears.count >= 2 else { throw .tooFewYears(found: sampleYears, outcome: outcome, driver: driver) }
        let parameterCount = sampleRegions.count + sampleYears.count
        guard rows.count > parameterCount else {
            throw .noResidualDegreesOfFreedom(observations: rows.count, parameters: parameterCount)
        }

        let design = FixedEffectsDesign(rows: rows, regions: sampleRegions, years: sampleYears, driver: driver, lag: lag)
        let response = rows.map { log($0.outcome) }
        let full: RegressionResult
        let effectsOnly: [RegressionResult]
        do {
            full = try LinearRegression(columnNames: design.names(includingDriver: true))
                .fit(design: try design.matrix(includingDriver: true), response: response)
            // One factorization of the effects-only design gives RSS₀ (log y on the effects) and, by
            // Frisch–Waugh–Lovell, the driver residuals r (log x on the effects) of the sandwich.
            effectsOnly = try LinearRegression(columnNames: design.names(includingDriver: false))
                .fitMany(design: try design.matrix(includingDriver: false),
                         responses: try Matrix(columns: [response, design.logDriver]))
        } catch let error as LinearAlgebraError where error.isInternalFailure {
            throw .internalFailure(error.description)
        } catch {
            throw .regression(String(describing: error))
        }
        guard full.rank == parameterCount else { throw .driverNotIdentified(driver: driver) }

        let slope = full.coefficients[FixedEffectsDesign.driverColumn]
        let conventional = full.standardErrors[FixedEffectsDesign.driverColumn]
        let clustered = clusteredStandardError(full, driverResiduals: effectsOnly[1].residuals, design: design)
        let residualDF = full.residualDegreesOfFreedom
        let clusterDF = sampleRegions.count - 1
        let reported = standardError == .conventional ? conventional : clustered
        let reportedDF = standardError == .conventional ? residualDF : clusterDF
        let within = effectsOnly[0].residualSumOfSquares > 0
            ? 1 - full.residualSumOfSquares / effectsOnly[0].residualSumOfSquares : .nan
        let span = sampleYears[0]...sampleYears[sampleYears.count - 1]
        let seLabel = standardError == .conventional
            ? "conventional OLS standard error (n − p = \(residualDF) df)"
            : "cluster-robust standard error by region (\(clusterDF) df)"
        let method = "two-way fixed-effects OLS of log \(outcome) on log \(driver) lagged \(lag) year(s) "
            + "with region and year effects; \(sampleRegions.count) regions, \(span.lowerBound)–\(span.upperBound), "
            + "n = \(rows.count); \(seLabel)"
        return ElasticityEstimate(
            outcome: outcome, driver: driver, lag: lag, value: slope, standardError: reported,
            degreesOfFreedom: reportedDF, standardErrorKind: standardError, conventionalStandardError: conventional,
            residualDegreesOfFreedom: residualDF, clusteredStandardError: clustered, observationCount: rows.count,
            regionCount: sampleRegions.count, years: span, sampleYears: sampleYears, regions: sampleRegions,
            outcomeUnit: outcomeSeries.unit, driverUnit: driverSeries.unit, rSquared: full.rSquared,
            rSquaredWithin: within, method: method)
    }

    /// The regions to pool before the sample filters: the requested ones (checked to exist) or the default set.
    private static func candidateRegions(panel: Panel, outcome: String, driver: String, requested: [String],
                                         hierarchy: RegionHierarchy?) throws(ElasticityError) -> [String] {
        let present = panel.regions
        if !requested.isEmpty {
            let known = Set(present)
            let missing = requested.filter { !known.contains($0) }
            guard missing.isEmpty else { throw .unknownRegions(missing, available: present) }
            return Array(Set(requested)).sorted()
        }
        let pool: [String]
        if let hierarchy {
            let provinces = Set(hierarchy.regions(at: .province).map(\.id))
            pool = present.filter { provinces.contains($0) }
        } else {
            pool = present.filter { $0 != nationalTotal }
        }
        for indicator in [outcome, driver] where !pool.contains(where: { panel.series(region: $0, indicator: indicator) != nil }) {
            throw .unknownIndicator(indicator, available: panel.indicators)
        }
        return pool.filter {
            panel.series(region: $0, indicator: outcome) != nil && panel.series(region: $0, indicator: driver) != nil
        }
    }

    /// The annual series of `indicator` in each of `regions` that has one, all in one unit.
    private static func seriesInOneUnit(panel: Panel, indicator: String,
                                        regions: [String]) throws(ElasticityError) -> (series: [Series], unit: UnitOfMeasure) {
        let found = regions.compactMap { panel.series(region: $0, indicator: indicator) }
        guard let first = found.first else { throw .unknownIndicator(indicator, available: panel.indicators) }
        var converted: [Series] = []
        converted.reserveCapacity(found.count)
        for series in found {
            do {
                converted.append(try series.converted(to: first.unit))
            } catch {
                throw .inconsistentUnits(indicator: indicator, region: series.key.region, unit: series.unit, expected: first.unit)
            }
        }
        return (converted, first.unit)
    }

    /// The usable (region, year) pairs, sorted by region and year.
    private static func sampleRows(outcome: [Series], driver: [Series], lag: Int, fromYear: Int?,
                                   throughYear: Int) -> [PanelRow] {
        let driverByRegion = Dictionary(driver.map { ($0.key.region, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [PanelRow] = []
        for series in outcome.sorted(by: { $0.key.region < $1.key.region }) {
            guard let driverSeries = driverByRegion[series.key.region] else { continue }
            for observation in series.observations {
                let year = observation.year
                guard year <= throughYear, fromYear.map({ year >= $0 }) ?? true, observation.value > 0,
                      let x = driverSeries.value(in: year - lag), x > 0 else { continue }
                rows.append(PanelRow(region: series.key.region, year: year, outcome: observation.value, laggedDriver: x))
            }
        }
        return rows
    }

    /// The cluster-robust (by region) standard error of the slope, statsmodels' `cov_type='cluster'`:
    /// √(c · Σ_g (Σ_{i∈g} rᵢ uᵢ)²) / Σ rᵢ², where u are the regression's residuals, r the residuals of
    /// the log driver regressed on the region and year effects (the slope's row of (XᵀX)⁻¹ Xᵀ is
    /// rᵀ / Σ rᵢ², by Frisch–Waugh–Lovell) and c = G/(G − 1) · (n − 1)/(n − p).
    private static func clusteredStandardError(_ fit: RegressionResult, driverResiduals r: [Double],
                                               design: FixedEffectsDesign) -> Double {
        var scores = [Double](repeating: 0, count: design.regions.count)
        var driverSumOfSquares = 0.0
        for (i, row) in design.rows.enumerated() {
            scores[design.regionIndex[row.region]!] += r[i] * fit.residuals[i]
            driverSumOfSquares += r[i] * r[i]
        }
        let g = Double(design.regions.count), n = Double(fit.observationCount), p = Double(fit.rank)
        let correction = g / (g - 1) * (n - 1) / (n - p)
        return (correction * scores.reduce(0) { $0 + $1 * $1 }).squareRoot() / driverSumOfSquares
    }
}

/// One observation of the regression: y_{r,t} and x_{r,t−lag}, in the common units.
private struct PanelRow {
    let region: String
    let year: Int
    let outcome: Double
    let laggedDriver: Double
}

/// The dummy-variable design of the two-way fixed-effects regression, in statsmodels' order:
/// intercept, log driver, region dummies (first region dropped), year dummies (first year dropped).
private struct FixedEffectsDesign {
    /// Column of the lagged log driver.
    static let driverColumn = 1
    let rows: [PanelRow]
    let regions: [String]
    let years: [Int]
    let driver: String
    let lag: Int
    let logDriver: [Double]
    /// Index of each region in `regions` (its cluster).
    let regionIndex: [String: Int]
    /// Design column of each region's dummy (with the driver column present); the first region has none.
    let regionColumn: [String: Int]
    /// Design column of each year's dummy (with the driver column present); the first year has none.
    let yearColumn: [Int: Int]

    init(rows: [PanelRow], regions: [String], years: [Int], driver: String, lag: Int) {
        self.rows = rows
        self.regions = regions
        self.years = years
        self.driver = driver
        self.lag = lag
        logDriver = rows.map { log($0.laggedDriver) }
        regionIndex = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        regionColumn = Dictionary(uniqueKeysWithValues: regions.dropFirst().enumerated().map { ($1, 2 + $0) })
        yearColumn = Dictionary(uniqueKeysWithValues: years.dropFirst().enumerated().map { ($1, 1 + regions.count + $0) })
    }

    /// The column names, with or without the driver column.
    func names(includingDriver: Bool) -> [String] {
        var names = ["const"]
        if includingDriver { names.append("log(\(driver)[t-\(lag)])") }
        names += regions.dropFirst().map { "region=\($0)" }
        names += years.dropFirst().map { "year=\($0)" }
        return names
    }

    /// The design matrix, with or without the driver column.
    func matrix(includingDriver: Bool) throws -> Matrix {
        let n = rows.count
        let shift = includingDriver ? 0 : 1
        let columns = regions.count + years.count - shift
        var storage = [Double](repeating: 0, count: n * columns)
        for (i, row) in rows.enumerated() {
            storage[i] = 1
            if includingDriver { storage[i + n * Self.driverColumn] = logDriver[i] }
            if let column = regionColumn[row.region] { storage[i + n * (column - shift)] = 1 }
            if let column = yearColumn[row.year] { storage[i + n * (column - shift)] = 1 }
        }
        return try Matrix(rows: n, columns: columns, columnMajor: storage)
    }
}
