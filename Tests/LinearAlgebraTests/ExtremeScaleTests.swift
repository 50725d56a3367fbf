import Foundation
@testable import LinearAlgebra
import SunanTestSupport
import Testing

/// One case of `Fixtures/extreme-scale-reference.json` (made in 60-digit arithmetic by
/// `scripts/make_extreme_scale_reference.py` with mpmath).
struct ExtremeScaleCase: Decodable, Sendable {
    let design: [[Double]]
    let response: [Double]
    let params: [Double]
    let rank: Int?
    let rss: Double?
    let bse: [Double]?
    let rsquared: Double?

    /// Every case by name; throws (naming the file) when the fixture is missing, unreadable or empty.
    static var all: [String: ExtremeScaleCase] { get throws { try loaded.get() } }

    private static let loaded = Result { () throws -> [String: ExtremeScaleCase] in
        struct File: Decodable { let cases: [String: ExtremeScaleCase] }
        let url = try Fixture.url("extreme-scale-reference.json", in: Bundle.module)
        return try Fixture.nonEmpty(Fixture.decode(File.self, at: url).cases, from: url)
    }
}

/// Issue 14, item 10: rank decisions that do not depend on the columns' scales, exact fits whose t
/// and p are undefined rather than tiny, standard errors of extremely small columns, and values whose
/// sums of squares leave the range of doubles refused with a named error.
@Suite("Least squares at extreme scales", .tags(.specification))
struct ExtremeScaleTests {
    /// `‖a − b‖ / ‖b‖`: the coefficients of a minimum-norm solution whose entries differ by 30 orders
    /// of magnitude are compared as a vector.
    static func normwiseDifference(_ a: [Double], _ b: [Double]) -> Double {
        var difference = 0.0, size = 0.0
        for (x, y) in zip(a, b) {
            difference += (x - y) * (x - y)
            size += y * y
        }
        return (difference / size).squareRoot()
    }

    /// The collinear design `[1, c·t, c·(2t + 1)]`, t = 0…9, and a fixed response.
    static func collinear(scale c: Double) throws -> (Matrix, [Double]) {
        let t: [Double] = (0..<10).map(Double.init)
        let noise: [Double] = [0.12, -0.31, 0.05, 0.27, -0.18, 0.09, -0.22, 0.33, -0.04, 0.16]
        var y: [Double] = []
        for (time, error) in zip(t, noise) { y.append(5 + 0.7 * time + error) }
        let second: [Double] = t.map { c * $0 }
        let third: [Double] = t.map { c * (2 * $0 + 1) }
        return (try Matrix(columns: [[Double](repeating: 1, count: 10), second, third]), y)
    }

    /// `count` ones.
    static func ones(_ count: Int) -> [Double] { [Double](repeating: 1, count: count) }

    @Test("the rank of a collinear design does not depend on its columns' scales", .tags(.invariant),
          arguments: [1.0, 0x1p100, 0x1p-100, 1e30, 1e-30, 1e150])
    func rankIsScaleInvariant(scale: Double) throws {
        let (design, y) = try Self.collinear(scale: scale)
        let (plain, _) = try Self.collinear(scale: 1)
        let model = LinearRegression(columnNames: ["const", "t", "2t+1"])
        let result = try model.fit(design: design, response: y)
        let reference = try model.fit(design: plain, response: y)
        #expect(result.rank == 2)
        #expect(result.notes.contains(.rankDeficient(rank: 2, columns: 3)))
        #expect(worstRelativeDifference(result.fittedValues, reference.fittedValues) < 1e-12)
        #expect(relativeDifference(result.residualSumOfSquares, reference.residualSumOfSquares) < 1e-10)
    }

    @Test("the minimum-norm solution of a design scaled by 2^±100 matches 60-digit arithmetic", .tags(.reference),
          arguments: ["collinear_scaled_up", "collinear_scaled_down"])
    func scaledMinimumNorm(caseName: String) throws {
        let reference = try #require(ExtremeScaleCase.all[caseName])
        let result = try LinearRegression(columnNames: ["const", "t", "2t+1"])
            .fit(design: Matrix(columns: reference.design), response: reference.response)
        #expect(result.rank == reference.rank)
        #expect(result.method == .svd)
        #expect(Self.normwiseDifference(result.coefficients, reference.params) < 1e-10)
        #expect(relativeDifference(result.residualSumOfSquares, reference.rss!) < 1e-10)
    }

    @Test("a column of values near 1e-160 has finite standard errors, as 60-digit arithmetic gives them", .tags(.reference))
    func tinyColumn() throws {
        let reference = try #require(ExtremeScaleCase.all["tiny_column"])
        let result = try LinearRegression(columnNames: ["const", "x"])
            .fit(design: Matrix(columns: reference.design), response: reference.response)
        #expect(worstRelativeDifference(result.coefficients, reference.params) < 1e-12)
        #expect(worstRelativeDifference(result.standardErrors, reference.bse!) < 1e-12)
        #expect(relativeDifference(result.rSquared, reference.rsquared!) < 1e-12)
        #expect(result.pValues.allSatisfy { $0.isFinite })
        let prediction = try result.predict(rows: Matrix(columns: [[1], [5e-160]]))[0]
        #expect(prediction.meanStandardError.isFinite)
        #expect(prediction.meanStandardError > 0)
    }

    @Test("a constant response is an exact fit: standard errors 0, t, p and R² undefined, with notes")
    func constantResponse() throws {
        let x: [Double] = (1...10).map(Double.init)
        let y: [Double] = [Double](repeating: 5, count: 10)
        let result = try LinearRegression(columnNames: ["const", "x"]).fit(design: Matrix(columns: [Self.ones(10), x]), response: y)
        #expect(result.fitsExactly)
        #expect(result.residualSumOfSquares == 0)
        #expect(result.standardErrors == [0, 0])
        #expect(result.tStatistics.allSatisfy { $0.isNaN })
        #expect(result.pValues.allSatisfy { $0.isNaN })
        #expect(result.rSquared.isNaN)
        #expect(result.notes.contains(.exactFit))
        #expect(result.notes.contains(.constantResponse))
        let intercept: Double = result.coefficients[0], slope: Double = result.coefficients[1]
        #expect(abs(intercept - 5) < 1e-14)
        #expect(abs(slope) < 1e-14)
    }

    @Test("the response as its own predictor is an exact fit, R² 1")
    func responseAsPredictor() throws {
        let y: [Double] = [1.3, 2.1, 2.9, 4.4, 5.2, 5.8, 7.1, 8.3, 8.8, 10.2]
        let x: [Double] = (1...10).map(Double.init)
        let result = try LinearRegression(columnNames: ["const", "y", "x"]).fit(design: Matrix(columns: [Self.ones(10), y, x]), response: y)
        #expect(result.fitsExactly)
        #expect(result.notes == [.exactFit])
        #expect(result.rSquared == 1)
        #expect(result.pValues.allSatisfy { $0.isNaN })
    }

    @Test("NIST: the certified exact fits are exact, the others are not", .tags(.reference), arguments: try NISTDataset.all)
    func exactFitsOfNIST(dataset: NISTDataset) throws {
        let (design, names) = try dataset.design()
        let result = try LinearRegression(columnNames: names).fit(design: design, response: dataset.y)
        let certifiedExact = dataset.residual_sd == 0
        #expect(result.fitsExactly == certifiedExact, "\(dataset.name): residual SD \(result.residualStandardDeviation)")
    }

    @Test("scaling the response by 2^400 scales coefficients and standard errors exactly", .tags(.invariant))
    func responseScaledByAPowerOfTwo() throws {
        let (design, y) = try Self.collinear(scale: 1)
        let columns = try Matrix(columns: [design.column(0), design.column(1)])
        let model = LinearRegression(columnNames: ["const", "t"])
        let factor: Double = 0x1p400
        let plain = try model.fit(design: columns, response: y)
        let huge = try model.fit(design: columns, response: y.map { $0 * factor })
        let expectedCoefficients: [Double] = plain.coefficients.map { $0 * factor }
        let expectedErrors: [Double] = plain.standardErrors.map { $0 * factor }
        #expect(huge.coefficients == expectedCoefficients)
        #expect(huge.standardErrors == expectedErrors)
        #expect(huge.pValues == plain.pValues)
    }

    @Test("values whose sums of squares or coefficients leave the range of doubles are refused by name")
    func outOfRange() throws {
        let x: [Double] = (1...5).map(Double.init)
        let design = try Matrix(columns: [Self.ones(5), x])
        let model = LinearRegression(columnNames: ["const", "x"])
        let huge: [Double] = [1e307, -1.7e308, 1.5e308, -1e308, 1.7e308]
        #expect(throws: LinearAlgebraError.responseOutOfRange(index: 0, tooLarge: true)) {
            try model.fit(design: design, response: huge)
        }
        let small: [Double] = [1e-300, 3e-300, 2e-300, 5e-300, 4e-300]
        #expect(throws: LinearAlgebraError.responseOutOfRange(index: 0, tooLarge: false)) {
            try model.fit(design: design, response: small)
        }
        let largeColumn = try Matrix(columns: [Self.ones(5), [1.7e308, 1.6e308, 1.5e308, 1.7e308, 1.1e308]])
        #expect(throws: LinearAlgebraError.designOutOfRange(column: 1)) {
            try model.fit(design: largeColumn, response: x)
        }
        let tinyValues: [Double] = x.map { $0 * 0x1p-1030 }
        let tinyColumn = try Matrix(columns: [Self.ones(5), tinyValues])
        let large: [Double] = [3e10, 1e10, 4e10, 1e10, 5e10]
        #expect(throws: LinearAlgebraError.coefficientOutOfRange(column: 1)) {
            try model.fit(design: tinyColumn, response: large)
        }
        let errors: [LinearAlgebraError] = [.responseOutOfRange(index: 0, tooLarge: true), .designOutOfRange(column: 1),
                                            .coefficientOutOfRange(column: 1)]
        #expect(errors.allSatisfy { !$0.isInternalFailure })
    }

    @Test("many series sharing one design: a zero series fits exactly, an extreme one is refused by its index")
    func sharedDesign() throws {
        let design = try quadraticTrendDesign(years: 12)
        var columns: [[Double]] = []
        for c in 0..<80 {
            var y: [Double] = []
            for t in 0..<12 { y.append(Double(c) + 0.5 * Double(t) + sin(Double(t * (c + 1) + 1))) }
            columns.append(y)
        }
        columns[3] = [Double](repeating: 0, count: 12)
        let together = try LeastSquares.solve(design: design, responses: Matrix(columns: columns))
        #expect(together.fitsExactly(3) && together.coefficients.column(3) == [0, 0, 0])
        #expect((0..<80).filter { together.fitsExactly($0) } == [3])
        for c in [0, 7, 79] {
            let alone = try LeastSquares.solve(design: design, responses: Matrix(column: columns[c]))
            #expect(worstRelativeDifference(together.coefficients.column(c), alone.coefficients.column(0)) < 1e-12)
        }
        columns[5] = columns[5].map { $0 * 1e300 }
        #expect(throws: LinearAlgebraError.responseOutOfRange(index: 5, tooLarge: true)) {
            try LeastSquares.solve(design: design, responses: Matrix(columns: columns))
        }
    }

    @Test("the fault injection makes the named routine reject its argument, and nothing else")
    func faultInjection() throws {
        #expect(Lapack.InjectedRejection("dtrtrs:9") != nil)
        for text in [nil, "", "dtrtrs", "dtrtrs:0", "dtrtrs:x", "a:1:2"] { #expect(Lapack.InjectedRejection(text) == nil) }
        let design = try quadraticTrendDesign(years: 8)
        var y: [Double] = []
        for t in 0..<8 { y.append(3 + 0.5 * Double(t) + (t % 2 == 0 ? 0.1 : -0.1)) }
        let responses = Matrix(column: y)
        let rejected = Lapack.$injectedRejection.withValue(Lapack.InjectedRejection("dtrtrs:9")) {
            Result { try LeastSquares.solve(design: design, responses: responses) }
        }
        #expect(throws: LinearAlgebraError.lapackFailure(routine: "dtrtrs", info: -9)) { try rejected.get() }
        let other = Lapack.$injectedRejection.withValue(Lapack.InjectedRejection("dgelsd:4")) {
            Result { try LeastSquares.solve(design: design, responses: responses) }
        }
        switch other {
        case .success(let solved): #expect(solved.rank == 3)
        case .failure(let error): Issue.record("an injection for another routine failed the solve: \(error)")
        }
    }
}
