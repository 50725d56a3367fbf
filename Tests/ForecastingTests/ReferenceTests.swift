import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// Agreement with statsmodels and with the Python prototype of `auto`
/// (Fixtures/forecast-reference.json, made by scripts/forecast-reference/make_reference.py).
/// Tolerances are the fixture's `tolerances` entry.
///
/// The statsmodels values (OLS trend, Theta, damped Holt) are **reference** values: independent code.
/// The prototype's values (`sunan_python_prototype`: every `auto` member, the stand-alone families and
/// `auto` itself) are **regression** values: the Swift code is a port of that Python, so agreement shows
/// the port is faithful, not that the method is right; those tests carry `.tags(.regression)`.
@Suite("Reference values: statsmodels and the Python prototype", .tags(.reference))
struct ReferenceTests {
    static var reference: ForecastReference { get throws { try ForecastReference.shared } }

    @Test("the fixture states the tolerances used here", .tags(.specification))
    func tolerancesAreStated() throws {
        let tolerances = try Self.reference.tolerances
        #expect(tolerances["ols_coef_se_forecast"] == "1e-9 relative")
        #expect(tolerances["ols_intervals"] == "1e-8 relative")
        #expect(tolerances["holt_fixed"] == "1e-9 relative")
        #expect(tolerances["prototype"] == "1e-9 relative (same algorithm)")
        #expect(tolerances["theta"]?.contains("1e-9 relative") == true)
    }

    /// The fitted line is statsmodels'; the forecast is anchored at the last observation (issue 12),
    /// so the forecast equals statsmodels' line prediction plus the last residual, and its interval
    /// half-width is statsmodels' scaled by √(x V xᵀ − x_n V x_nᵀ + 2) / √(x V xᵀ + 1).
    @Test("OLS linear trend: coefficients, standard errors, σ² and the line's predictions (1e-9); the anchored forecast is the line plus the last residual (1e-9)")
    func olsLinearTrend() throws {
        let ols = try Self.reference.ols_linear_trend
        let model = try LinearTrend().fit(series(ols.y))
        #expect(worstRelativeDifference(model.parameters.map(\.estimate), ols.coef) < 1e-9)
        #expect(worstRelativeDifference(model.parameters.map(\.standardError), ols.se) < 1e-9)
        #expect(relativeDifference(model.residualStandardDeviation * model.residualStandardDeviation, ols.sigma2) < 1e-9)
        #expect(Double(model.residualDegreesOfFreedom) == ols.df_resid)
        let regression = try #require(model.trendRegression)
        let lastYear = model.lastYear
        let line = (1...6).map { k in lineValue(regression, year: lastYear + k) }
        #expect(worstRelativeDifference(line, ols.mean) < 1e-9)
        let lastResidual = ols.y[ols.y.count - 1] - (ols.coef[0] + ols.coef[1] * Double(ols.y.count - 1))
        let steps = try model.forecast(horizon: 6).steps
        #expect(worstRelativeDifference(steps.map(\.mean), ols.mean.map { $0 + lastResidual }) < 1e-9)
    }

    /// statsmodels' ThetaModel forecasts `l_n + b0/2·((h−1) + 1/α − (1−α)ⁿ/α)` with l_n the SES level
    /// of y (l₀ = y₀). Ours is `(l_z + L_{n−1+h})/2` with l_z the SES level of the theta line
    /// z = 2y − L. SES is linear in its input, and SES of a line lags it by
    /// `b0(1−α)(1 − (1−α)^{n−1})/α`, so the two are algebraically the same forecast: given the same α,
    /// they must agree to rounding. Only α differs (statsmodels: MLE; sunan: SSE grid).
    @Test("Theta with statsmodels' α reproduces statsmodels' forecast (1e-9); the OLS slope is its b0 (1e-9)")
    func thetaWithStatsmodelsAlpha() throws {
        let theta = try Self.reference.theta
        let alpha = try #require(theta.params["alpha"]), b0 = try #require(theta.params["b0"])
        let model = try ThetaMethod(theta: 2, alpha: alpha).fit(series(theta.y))
        #expect(model.parameter("alpha") == alpha)
        #expect(relativeDifference(try #require(model.parameter("slope")), b0) < 1e-9)
        let means = try model.forecast(horizon: 6).steps.map(\.mean)
        #expect(worstRelativeDifference(means, theta.forecast_h1_6) < 1e-9)
    }

    @Test("Theta with its own grid α (1.0 here) is within 1e-5 of statsmodels")
    func thetaWithGridAlpha() throws {
        let theta = try Self.reference.theta
        let model = try ThetaMethod().fit(series(theta.y))
        #expect(model.parameter("alpha") == 1)
        let means = try model.forecast(horizon: 6).steps.map(\.mean)
        #expect(worstRelativeDifference(means, theta.forecast_h1_6) < 1e-5)
    }

    /// statsmodels' `smoothing_trend` is the fraction of α (β* in Hyndman's notation); sunan's β is α·frac.
    @Test("damped Holt with fixed α, β = α·frac, φ reproduces statsmodels' Holt forecast and SSE (1e-9)")
    func dampedHoltFixed() throws {
        let holt = try Self.reference.holt_damped_fixed
        let parameters = HoltTrend.Parameters(alpha: holt.alpha, beta: holt.alpha * holt.frac, phi: holt.phi)
        let model = try HoltTrend(damped: true, fixed: parameters).fit(series(holt.y))
        #expect(model.parameter("phi") == holt.phi)
        let means = try model.forecast(horizon: 6).steps.map(\.mean)
        #expect(worstRelativeDifference(means, holt.forecast_h1_6) < 1e-9)
        let sse = model.residualStandardDeviation * model.residualStandardDeviation * Double(model.residualDegreesOfFreedom)
        #expect(relativeDifference(sse, holt.sse) < 1e-9)
    }

    static let prototypeSeries = ["y_ols", "y_theta", "y_holt"]

    @Test("every auto member's point forecast matches the prototype (1e-9)", .tags(.regression), arguments: prototypeSeries)
    func autoMembers(seriesName: String) throws {
        let prototype = try #require(Self.reference.sunan_python_prototype[seriesName])
        let y = try Self.reference.prototypeSeries(seriesName)
        for (name, member) in prototypeMemberNames {
            let expected = try #require(prototype.members[name])
            let difference = worstRelativeDifference(member.forecast(y, horizon: 6), expected)
            #expect(difference < 1e-9, "\(seriesName) \(name): \(difference)")
        }
    }

    @Test("the stand-alone families match the prototype's linear, damped, Theta and SES-drift (1e-9)", .tags(.regression),
          arguments: prototypeSeries)
    func standAloneFamilies(seriesName: String) throws {
        let prototype = try #require(Self.reference.sunan_python_prototype[seriesName])
        let data = try series(Self.reference.prototypeSeries(seriesName))
        let pairs: [(String, any ForecastModel)] = [
            ("linear", LinearTrend()), ("holt_damped", HoltTrend(damped: true)), ("theta2_raw", ThetaMethod()),
            ("sesd_ols", SESWithDrift()), ("holt", HoltTrend(damped: false)), ("rwd", RandomWalkWithDrift()),
            ("naive", NaiveForecast()),
        ]
        for (name, model) in pairs {
            let expected = try #require(prototype.members[name])
            let fitted = try model.fit(data)
            // The linear trend is anchored at the last observation: its line is the prototype's.
            let means: [Double]
            if let regression = fitted.trendRegression {
                means = (1...6).map { k in lineValue(regression, year: fitted.lastYear + k) }
            } else {
                means = try fitted.forecast(horizon: 6).steps.map(\.mean)
            }
            let difference = worstRelativeDifference(means, expected)
            #expect(difference < 1e-9, "\(seriesName) \(name): \(difference)")
        }
    }
}

/// The fitted trend line's working-scale value in `year`, `x_year β̂` (not anchored).
func lineValue(_ regression: TrendRegression, year: Int) -> Double {
    let row = regression.designRow(year: year)
    var sum = 0.0
    for (x, b) in zip(row, regression.coefficients) { sum += x * b }
    return sum
}
