import Foundation
import LinearAlgebra
import SunanTestSupport
import Testing

/// One case of `Fixtures/regression-reference.json` (made by `scripts/make_regression_reference.py`
/// with statsmodels and numpy).
struct RegressionReferenceCase: Decodable, Sendable {
    let design: [[Double]]
    let response: [Double]
    let weights: [Double]?
    let new_rows: [[Double]]?
    let new_weights: [Double]?
    let params: [Double]
    let bse: [Double]?
    let tvalues: [Double]?
    let pvalues: [Double]?
    let cov_params: [[Double]]?
    let rsquared: Double?
    let rsquared_adj: Double?
    let scale: Double?
    let llf: Double?
    let aic: Double?
    let bic: Double?
    let df_resid: Double?
    let condition_number: Double?
    let predicted_mean: [Double]?
    let mean_se: [Double]?
    let mean_ci_95: [[Double]]?
    let obs_ci_95: [[Double]]?
    let obs_ci_80: [[Double]]?
    let conf_int_95: [[Double]]?
    let rank: Int?
    let rss: Double?

    /// Every case by name; throws (naming the file) when the fixture is missing, unreadable or empty.
    static var all: [String: RegressionReferenceCase] { get throws { try loaded.get() } }

    private static let loaded = Result { () throws -> [String: RegressionReferenceCase] in
        struct File: Decodable { let cases: [String: RegressionReferenceCase] }
        let url = try Fixture.url("regression-reference.json", in: Bundle.module)
        return try Fixture.nonEmpty(Fixture.decode(File.self, at: url).cases, from: url)
    }
}

@Suite("Regression inference against statsmodels", .tags(.reference))
struct RegressionReferenceTests {
    /// statsmodels computes with pinv/QR in double precision; 1e-9 relative leaves room for its own rounding.
    static let tolerance = 1e-9

    @Test("OLS and WLS match statsmodels: estimates, inference, information criteria, predictions",
          arguments: ["ols_quadratic_trend", "wls_line"])
    func matchesStatsmodels(caseName: String) throws {
        let reference = try #require(RegressionReferenceCase.all[caseName])
        let names = (0..<reference.design.count).map { "x\($0)" }
        let result = try LinearRegression(columnNames: names)
            .fit(design: Matrix(columns: reference.design), response: reference.response, weights: reference.weights)

        #expect(worstRelativeDifference(result.coefficients, reference.params) < Self.tolerance)
        #expect(worstRelativeDifference(result.standardErrors, reference.bse!) < Self.tolerance)
        #expect(worstRelativeDifference(result.tStatistics, reference.tvalues!) < Self.tolerance)
        #expect(worstRelativeDifference(result.pValues, reference.pvalues!) < 1e-8)
        #expect(worstRelativeDifference(result.covariance.storage, reference.cov_params!.flatMap { $0 }) < Self.tolerance)
        #expect(relativeDifference(result.rSquared, reference.rsquared!) < Self.tolerance)
        #expect(relativeDifference(result.adjustedRSquared, reference.rsquared_adj!) < Self.tolerance)
        #expect(relativeDifference(result.residualVariance, reference.scale!) < Self.tolerance)
        #expect(relativeDifference(result.logLikelihood, reference.llf!) < Self.tolerance)
        #expect(relativeDifference(result.aic, reference.aic!) < Self.tolerance)
        #expect(relativeDifference(result.bic, reference.bic!) < Self.tolerance)
        #expect(Double(result.residualDegreesOfFreedom) == reference.df_resid!)
        #expect(relativeDifference(result.conditionNumber, reference.condition_number!) < 1e-8)

        let intervals = result.confidenceIntervals(level: 0.95)
        #expect(worstRelativeDifference(intervals.map(\.lowerBound), reference.conf_int_95!.map { $0[0] }) < Self.tolerance)
        #expect(worstRelativeDifference(intervals.map(\.upperBound), reference.conf_int_95!.map { $0[1] }) < Self.tolerance)

        let predictions = try result.predict(rows: Matrix(columns: reference.new_rows!), weights: reference.new_weights)
        #expect(worstRelativeDifference(predictions.map(\.mean), reference.predicted_mean!) < Self.tolerance)
        #expect(worstRelativeDifference(predictions.map(\.meanStandardError), reference.mean_se!) < Self.tolerance)
        let meanIntervals = predictions.map { $0.meanInterval(level: 0.95) }
        #expect(worstRelativeDifference(meanIntervals.map(\.lowerBound), reference.mean_ci_95![0]) < Self.tolerance)
        #expect(worstRelativeDifference(meanIntervals.map(\.upperBound), reference.mean_ci_95![1]) < Self.tolerance)
        let observationIntervals = predictions.map { $0.predictionInterval(level: 0.95) }
        #expect(worstRelativeDifference(observationIntervals.map(\.lowerBound), reference.obs_ci_95![0]) < Self.tolerance)
        #expect(worstRelativeDifference(observationIntervals.map(\.upperBound), reference.obs_ci_95![1]) < Self.tolerance)
        if let obs80 = reference.obs_ci_80 {
            let intervals80 = predictions.map { $0.predictionInterval(level: 0.80) }
            #expect(worstRelativeDifference(intervals80.map(\.lowerBound), obs80[0]) < Self.tolerance)
            #expect(worstRelativeDifference(intervals80.map(\.upperBound), obs80[1]) < Self.tolerance)
        }
    }

    @Test("AICc adds the small-sample correction to AIC")
    func aiccCorrection() throws {
        let reference = try #require(RegressionReferenceCase.all["ols_quadratic_trend"])
        let result = try LinearRegression(columnNames: ["c", "t", "t2"])
            .fit(design: Matrix(columns: reference.design), response: reference.response)
        let n = Double(result.observationCount), k = 3.0
        #expect(relativeDifference(result.aicc, reference.aic! + 2 * k * (k + 1) / (n - k - 1)) < 1e-12)
    }

    @Test("collinear columns give the rank and numpy's minimum-norm solution, never garbage")
    func collinearDesign() throws {
        let reference = try #require(RegressionReferenceCase.all["collinear_minimum_norm"])
        let result = try LinearRegression(columnNames: ["const", "t", "2t+1"])
            .fit(design: Matrix(columns: reference.design), response: reference.response)
        #expect(result.rank == reference.rank)
        #expect(result.method == .svd)
        #expect(result.notes.contains(.rankDeficient(rank: 2, columns: 3)))
        #expect(worstRelativeDifference(result.coefficients, reference.params) < 1e-10)
        #expect(relativeDifference(result.residualSumOfSquares, reference.rss!) < 1e-10)
        #expect(result.coefficients.allSatisfy { abs($0) < 100 })
        #expect(result.conditionNumber == .infinity)
    }
}
