import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// CRPS, distribution functions and the reliability table.
@Suite("Probabilistic scores", .tags(.reference))
struct ProbabilisticScoreTests {
    @Test("the CRPS of a point mass is the absolute error")
    func pointMass() {
        let step = PredictiveDistribution.studentT(location: 10, scale: 0, degreesOfFreedom: 5, transform: .identity)
        #expect(abs(step.crps(13) - 3) < 1e-12)
        #expect(abs(step.crps(10)) < 1e-12)
    }

    @Test("the CRPS is smallest near the median and grows away from it", .tags(.invariant))
    func crpsShape() {
        let step = PredictiveDistribution.studentT(location: 0, scale: 1, degreesOfFreedom: 6, transform: .exponential)
        let centre = step.crps(1), off = step.crps(3), further = step.crps(6)
        #expect(centre < off && off < further)
    }

    @Test("cdf inverts quantile for every kind of distribution", .tags(.invariant), arguments: [0.03, 0.2, 0.5, 0.77, 0.96])
    func cdfInvertsQuantile(p: Double) throws {
        let distributions: [PredictiveDistribution] = [
            .studentT(location: 2, scale: 0.4, degreesOfFreedom: 7, transform: .exponential),
            .studentT(location: 2, scale: 0.4, degreesOfFreedom: .infinity, transform: .logistic(cap: 50)),
            .scaled(point: 30, scale: 0.2, degreesOfFreedom: 4, multiplicative: true),
            .scaled(point: 30, scale: 2, degreesOfFreedom: 4, multiplicative: false),
            try fitFamily("auto", saturatingSeries).distribution(stepsAhead: 3),
        ]
        for distribution in distributions {
            #expect(abs(distribution.cdf(distribution.quantile(p)) - p) < 1e-9, "\(distribution)")
        }
    }

    @Test("the reliability table bins by decile and reports the observed frequency")
    func reliabilityTable() {
        let events = [Exceedance(predicted: 0.05, happened: false), Exceedance(predicted: 0.08, happened: true),
                      Exceedance(predicted: 0.55, happened: true), Exceedance(predicted: 1.0, happened: true),
                      Exceedance(predicted: 0.95, happened: false)]
        let table = ReliabilityTable(events)
        #expect(table.bins.count == 10)
        #expect(table.bins[0].cases == 2 && abs(table.bins[0].meanPredicted - 0.065) < 1e-15 && table.bins[0].observedFrequency == 0.5)
        #expect(table.bins[5].cases == 1 && table.bins[5].observedFrequency == 1)
        #expect(table.bins[9].cases == 2 && table.bins[9].observedFrequency == 0.5)
        #expect(table.bins[3].cases == 0 && table.bins[3].meanPredicted.isNaN)
        #expect(abs(table.largestDeviation(minimumCases: 2) - 0.475) < 1e-12)
        #expect(table.largestDeviation(minimumCases: 3) == 0)
    }

    @Test("accuracy scores the median; exceedances use thresholds around the last training value")
    func accuracyUsesMedian() throws {
        let step = ForecastStep(year: 2001, horizon: 1,
                                distribution: .studentT(location: log(100), scale: 0.5, degreesOfFreedom: .infinity, transform: .exponential))
        let accuracy = ForecastAccuracy(forecast: [step], actual: [110], training: [90, 100], levels: [0.8])
        #expect(abs(accuracy.smape - 200 * 10 / 210) < 1e-9)
        #expect(abs(accuracy.mase - 10.0 / 10) < 1e-9)
        #expect(accuracy.exceedances.count == ReliabilityTable.thresholds.count)
        #expect(accuracy.exceedances.map(\.happened) == [true, true, true, false, false, false])
        #expect(abs(accuracy.scaledCRPS - step.distribution.crps(110) / 10) < 1e-12)
    }
}
