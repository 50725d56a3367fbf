import Foundation
import LinearAlgebra
import SunanTestSupport
import Testing

/// One normal-distribution reference point: x with its cdf, survival and pdf.
struct NormalReferencePoint: Sendable, CustomTestStringConvertible {
    let x, cdf, survival, pdf: Double
    var testDescription: String { "x=\(x)" }
}

/// One normal quantile reference: p and x with P(Z ≤ x) = p.
struct NormalReferenceQuantile: Sendable, CustomTestStringConvertible {
    let p, x: Double
    var testDescription: String { "p=\(p)" }
}

/// One Student t reference point: ν, t and the values of every function at t.
struct StudentTReferencePoint: Sendable, CustomTestStringConvertible {
    let degreesOfFreedom, t, cdf, survival, pdf, twoSidedPValue: Double
    var testDescription: String { "df=\(degreesOfFreedom) t=\(t)" }
}

/// One Student t quantile reference: ν, p and t with P(T ≤ t) = p.
struct StudentTReferenceQuantile: Sendable, CustomTestStringConvertible {
    let degreesOfFreedom, p, t: Double
    var testDescription: String { "df=\(degreesOfFreedom) p=\(p)" }
}

/// The contents of `Fixtures/distribution-reference.json`, written by
/// `scripts/make_distribution_reference.py`. Every number there is a string holding the shortest
/// decimal that round-trips to the double, parsed here with `Double(String)`, which is exact.
struct DistributionReference: Sendable {
    var normalPoints: [NormalReferencePoint] = []
    var normalQuantiles: [NormalReferenceQuantile] = []
    var studentTPoints: [StudentTReferencePoint] = []
    var studentTQuantiles: [StudentTReferenceQuantile] = []

    /// The fixture; throws (naming the file) when it is missing, unreadable or has an empty list.
    static var shared: DistributionReference { get throws { try loaded.get() } }

    private static let loaded = Result { try load() }

    private struct File: Decodable {
        struct Section: Decodable {
            let points: [[String: String]]
            let quantiles: [[String: String]]
        }
        let normal: Section
        let studentT: Section
    }

    private struct MissingValue: Error {
        let key: String
    }

    private static func number(_ entry: [String: String], _ key: String) throws -> Double {
        guard let text = entry[key], let value = Double(text) else { throw MissingValue(key: key) }
        return value
    }

    static func load() throws -> DistributionReference {
        let url = try Fixture.url("distribution-reference.json", in: Bundle.module)
        let file = try Fixture.decode(File.self, at: url)
        var reference = DistributionReference()
        reference.normalPoints = try Fixture.nonEmpty(file.normal.points, from: url).map {
            NormalReferencePoint(
                x: try number($0, "x"), cdf: try number($0, "cdf"),
                survival: try number($0, "survival"), pdf: try number($0, "pdf"))
        }
        reference.normalQuantiles = try Fixture.nonEmpty(file.normal.quantiles, from: url).map {
            NormalReferenceQuantile(p: try number($0, "p"), x: try number($0, "x"))
        }
        reference.studentTPoints = try Fixture.nonEmpty(file.studentT.points, from: url).map {
            StudentTReferencePoint(
                degreesOfFreedom: try number($0, "df"), t: try number($0, "t"),
                cdf: try number($0, "cdf"), survival: try number($0, "survival"),
                pdf: try number($0, "pdf"), twoSidedPValue: try number($0, "twoSidedPValue"))
        }
        reference.studentTQuantiles = try Fixture.nonEmpty(file.studentT.quantiles, from: url).map {
            StudentTReferenceQuantile(
                degreesOfFreedom: try number($0, "df"), p: try number($0, "p"), t: try number($0, "t"))
        }
        return reference
    }
}

@Suite("Normal and Student t distributions", .tags(.reference))
struct DistributionTests {
    /// Largest relative error accepted anywhere in this suite, against mpmath reference values
    /// computed at 50 significant digits and rounded to the nearest double (so the figure includes
    /// up to half a unit in the last place from that rounding).
    static let tolerance = 1e-12

    /// The degrees of freedom the reference grid must cover.
    static let degreesOfFreedomGrid: [Double] = [1, 1.5, 2, 3, 5, 10, 30, 100, 1000, 1e4, 1e5, 1e6]

    /// The probabilities the reference quantiles must cover.
    static let probabilityGrid: [Double] = [
        1e-10, 1e-8, 1e-6, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5,
        0.7, 0.9, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-10,
    ]

    /// |value − reference| / |reference|; exact agreement (including equal infinities) is 0, and a
    /// zero reference demands an exact zero.
    static func relativeError(_ value: Double, _ reference: Double) -> Double {
        if value == reference { return 0 }
        if reference == 0 || !reference.isFinite || value.isNaN { return .infinity }
        return abs(value - reference) / abs(reference)
    }

    // MARK: Reference values

    @Test("Reference fixture covers the required grid", .tags(.specification))
    func referenceCoversGrid() throws {
        let reference = try DistributionReference.shared
        #expect(reference.normalPoints.count >= 40)
        #expect(reference.normalQuantiles.map(\.p) == Self.probabilityGrid)
        for df in Self.degreesOfFreedomGrid {
            let quantiles = reference.studentTQuantiles.filter { $0.degreesOfFreedom == df }
            #expect(quantiles.map(\.p) == Self.probabilityGrid, "df=\(df)")
            let points = reference.studentTPoints.filter { $0.degreesOfFreedom == df }
            // Both tails, reaching at least probability 1e-10 on each side.
            #expect(points.contains { $0.cdf <= 1e-10 }, "df=\(df)")
            #expect(points.contains { $0.survival <= 1e-10 }, "df=\(df)")
        }
    }

    @Test("Normal cdf, survival and pdf match mpmath", arguments: try DistributionReference.shared.normalPoints)
    func normalPoint(_ point: NormalReferencePoint) {
        #expect(Self.relativeError(Normal.cdf(point.x), point.cdf) <= Self.tolerance)
        #expect(Self.relativeError(Normal.survival(point.x), point.survival) <= Self.tolerance)
        #expect(Self.relativeError(Normal.pdf(point.x), point.pdf) <= Self.tolerance)
    }

    @Test("Normal quantile matches mpmath", arguments: try DistributionReference.shared.normalQuantiles)
    func normalQuantile(_ reference: NormalReferenceQuantile) {
        let x = Normal.quantile(reference.p)
        if reference.x == 0 {
            #expect(x == 0)
        } else {
            #expect(Self.relativeError(x, reference.x) <= Self.tolerance)
        }
    }

    @Test("Student t cdf, survival, pdf and two-sided p-value match mpmath",
          arguments: try DistributionReference.shared.studentTPoints)
    func studentTPoint(_ point: StudentTReferencePoint) {
        let distribution = StudentT(degreesOfFreedom: point.degreesOfFreedom)
        #expect(Self.relativeError(distribution.cdf(point.t), point.cdf) <= Self.tolerance)
        #expect(Self.relativeError(distribution.survival(point.t), point.survival) <= Self.tolerance)
        #expect(Self.relativeError(distribution.pdf(point.t), point.pdf) <= Self.tolerance)
        #expect(Self.relativeError(distribution.twoSidedPValue(point.t), point.twoSidedPValue) <= Self.tolerance)
    }

    @Test("Student t quantile matches mpmath", arguments: try DistributionReference.shared.studentTQuantiles)
    func studentTQuantile(_ reference: StudentTReferenceQuantile) {
        let t = StudentT(degreesOfFreedom: reference.degreesOfFreedom).quantile(reference.p)
        if reference.t == 0 {
            #expect(t == 0)
        } else {
            #expect(Self.relativeError(t, reference.t) <= Self.tolerance)
        }
    }

    @Test("Worst relative errors over the whole fixture stay within the tolerance")
    func worstErrors() throws {
        let reference = try DistributionReference.shared
        var worst: [(String, Double)] = []
        func record(_ name: String, _ errors: [Double]) {
            worst.append((name, errors.max() ?? .nan))
        }
        record("Normal.cdf", reference.normalPoints.map { Self.relativeError(Normal.cdf($0.x), $0.cdf) })
        record("Normal.survival", reference.normalPoints.map { Self.relativeError(Normal.survival($0.x), $0.survival) })
        record("Normal.pdf", reference.normalPoints.map { Self.relativeError(Normal.pdf($0.x), $0.pdf) })
        record("Normal.quantile", reference.normalQuantiles.map {
            $0.x == 0 ? abs(Normal.quantile($0.p)) : Self.relativeError(Normal.quantile($0.p), $0.x)
        })
        func studentT(_ point: StudentTReferencePoint) -> StudentT {
            StudentT(degreesOfFreedom: point.degreesOfFreedom)
        }
        record("StudentT.cdf", reference.studentTPoints.map { Self.relativeError(studentT($0).cdf($0.t), $0.cdf) })
        record("StudentT.survival", reference.studentTPoints.map {
            Self.relativeError(studentT($0).survival($0.t), $0.survival)
        })
        record("StudentT.pdf", reference.studentTPoints.map { Self.relativeError(studentT($0).pdf($0.t), $0.pdf) })
        record("StudentT.twoSidedPValue", reference.studentTPoints.map {
            Self.relativeError(studentT($0).twoSidedPValue($0.t), $0.twoSidedPValue)
        })
        record("StudentT.quantile", reference.studentTQuantiles.map {
            let t = StudentT(degreesOfFreedom: $0.degreesOfFreedom).quantile($0.p)
            return $0.t == 0 ? abs(t) : Self.relativeError(t, $0.t)
        })
        for (name, error) in worst {
            print("worst relative error \(name): \(error)")
            #expect(error <= Self.tolerance, "\(name)")
        }
    }

    // MARK: Round trips

    @Test("Student t quantile then cdf returns p", .tags(.invariant),
          arguments: DistributionTests.degreesOfFreedomGrid + [2.5, 7.3, 55.5, .infinity])
    func studentTRoundTrip(_ df: Double) {
        let distribution = StudentT(degreesOfFreedom: df)
        for p in Self.probabilityGrid + [1e-300, 1e-100, 0.5 - 1e-12, 0.5 + 1e-9] {
            let t = distribution.quantile(p)
            // Compare the smaller tail: survival beyond the median, where 1 − p is exact.
            if p <= 0.5 {
                #expect(Self.relativeError(distribution.cdf(t), p) <= Self.tolerance, "df=\(df) p=\(p)")
            } else {
                #expect(Self.relativeError(distribution.survival(t), 1 - p) <= Self.tolerance, "df=\(df) p=\(p)")
            }
        }
        for t in [-1e6, -300.0, -40.0, -7.0, -2.0, -0.3] {
            let p = distribution.cdf(t)
            guard p > 1e-300 else { continue }
            #expect(Self.relativeError(distribution.quantile(p), t) <= Self.tolerance, "df=\(df) t=\(t)")
        }
    }

    @Test("Normal quantile then cdf returns p", .tags(.invariant))
    func normalRoundTrip() {
        for p in Self.probabilityGrid + [1e-300, 1e-100, 0.075, 0.925, 0.5 - 1e-12] {
            let x = Normal.quantile(p)
            if p <= 0.5 {
                #expect(Self.relativeError(Normal.cdf(x), p) <= Self.tolerance, "p=\(p)")
            } else {
                #expect(Self.relativeError(Normal.survival(x), 1 - p) <= Self.tolerance, "p=\(p)")
            }
        }
    }

    // MARK: Edge cases

    @Test("Normal edge cases")
    func normalEdgeCases() {
        #expect(Normal.quantile(0) == -.infinity)
        #expect(Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(0.5) == 0)
        for bad in [-0.1, 1.1, .nan, -.infinity, .infinity] {
            #expect(Normal.quantile(bad).isNaN, "p=\(bad)")
        }
        #expect(Normal.cdf(-.infinity) == 0)
        #expect(Normal.cdf(.infinity) == 1)
        #expect(Normal.survival(.infinity) == 0)
        #expect(Normal.survival(-.infinity) == 1)
        #expect(Normal.pdf(.infinity) == 0)
        #expect(Normal.pdf(-.infinity) == 0)
        #expect(Normal.cdf(0) == 0.5)
        #expect(Normal.cdf(.nan).isNaN)
        #expect(Normal.survival(.nan).isNaN)
        #expect(Normal.pdf(.nan).isNaN)
    }

    @Test("Student t edge cases", arguments: [1.0, 1.5, 2.0, 3.0, 30.0, 1e6])
    func studentTEdgeCases(_ df: Double) {
        let distribution = StudentT(degreesOfFreedom: df)
        #expect(distribution.degreesOfFreedom == df)
        #expect(distribution.quantile(0) == -.infinity)
        #expect(distribution.quantile(1) == .infinity)
        #expect(distribution.quantile(0.5) == 0)
        for bad in [-0.1, 1.1, .nan, -.infinity, .infinity] {
            #expect(distribution.quantile(bad).isNaN, "p=\(bad)")
        }
        #expect(distribution.cdf(-.infinity) == 0)
        #expect(distribution.cdf(.infinity) == 1)
        #expect(distribution.survival(.infinity) == 0)
        #expect(distribution.survival(-.infinity) == 1)
        #expect(distribution.pdf(.infinity) == 0)
        #expect(distribution.pdf(-.infinity) == 0)
        #expect(distribution.twoSidedPValue(.infinity) == 0)
        #expect(distribution.twoSidedPValue(-.infinity) == 0)
        #expect(distribution.twoSidedPValue(0) == 1)
        #expect(distribution.cdf(0) == 0.5)
        #expect(distribution.cdf(.nan).isNaN)
        #expect(distribution.survival(.nan).isNaN)
        #expect(distribution.pdf(.nan).isNaN)
        #expect(distribution.twoSidedPValue(.nan).isNaN)
        for t in [1e-9, 0.7, 3.0, 45.0, 1e5] {
            #expect(Self.relativeError(distribution.cdf(t) + distribution.cdf(-t), 1) <= 1e-15, "t=\(t)")
            #expect(distribution.twoSidedPValue(-t) == distribution.twoSidedPValue(t))
            #expect(distribution.pdf(-t) == distribution.pdf(t))
        }
    }

    @Test("Infinite degrees of freedom is exactly the normal distribution", .tags(.invariant))
    func infiniteDegreesOfFreedom() {
        let distribution = StudentT(degreesOfFreedom: .infinity)
        for x in [-38.0, -6.5, -1.96, -0.3, 0, 1e-8, 0.8, 4.0, 12.0] {
            #expect(distribution.cdf(x) == Normal.cdf(x))
            #expect(distribution.survival(x) == Normal.survival(x))
            #expect(distribution.pdf(x) == Normal.pdf(x))
            #expect(distribution.twoSidedPValue(x) == 2 * Normal.survival(abs(x)))
        }
        for p in Self.probabilityGrid {
            #expect(distribution.quantile(p) == Normal.quantile(p))
        }
        // Very large but finite ν agrees with the normal to double precision.
        let huge = StudentT(degreesOfFreedom: 1e20)
        for x in [-8.0, -1.0, 0.5, 3.0] {
            #expect(Self.relativeError(huge.cdf(x), Normal.cdf(x)) <= 1e-14)
        }
    }

    @Test("Invalid degrees of freedom give NaN", .tags(.specification), arguments: [0.0, -1.0, -.infinity, .nan])
    func invalidDegreesOfFreedom(_ df: Double) {
        let distribution = StudentT(degreesOfFreedom: df)
        #expect(distribution.cdf(1).isNaN)
        #expect(distribution.survival(1).isNaN)
        #expect(distribution.pdf(1).isNaN)
        #expect(distribution.quantile(0.3).isNaN)
        #expect(distribution.twoSidedPValue(1).isNaN)
    }

    @Test("Closed forms and method switches are continuous in the degrees of freedom", .tags(.invariant),
          arguments: [1.0, 2.0, 20.0])
    func continuityInDegreesOfFreedom(_ df: Double) {
        // ν = 1 and ν = 2 use closed forms and ν = 20 is where the tail method changes; two units
        // in the last place either side must give (mathematically) almost the same values.
        let exact = StudentT(degreesOfFreedom: df)
        for neighbour in [df.nextDown.nextDown, df.nextUp.nextUp] {
            let nearby = StudentT(degreesOfFreedom: neighbour)
            for t in [-1e4, -30.0, -4.0, -1.2, -0.2, 0.5, 2.0] {
                #expect(Self.relativeError(nearby.cdf(t), exact.cdf(t)) <= Self.tolerance, "df=\(neighbour) t=\(t)")
                #expect(Self.relativeError(nearby.pdf(t), exact.pdf(t)) <= Self.tolerance, "df=\(neighbour) t=\(t)")
            }
            for p in [1e-10, 0.01, 0.3, 0.8] {
                #expect(Self.relativeError(nearby.quantile(p), exact.quantile(p)) <= Self.tolerance, "df=\(neighbour) p=\(p)")
            }
        }
    }

    @Test("Equality and hashing follow the degrees of freedom", .tags(.specification))
    func hashable() {
        let set: Set<StudentT> = [StudentT(degreesOfFreedom: 3), StudentT(degreesOfFreedom: 3), StudentT(degreesOfFreedom: 4)]
        #expect(set.count == 2)
        // Where Double's == and its bits differ: +0 and −0 are equal, so they must hash alike (one element);
        // NaN is not equal to itself, so two NaN distributions are two elements.
        #expect(StudentT(degreesOfFreedom: 0) == StudentT(degreesOfFreedom: -0.0))
        #expect(Set([StudentT(degreesOfFreedom: 0), StudentT(degreesOfFreedom: -0.0)]).count == 1)
        #expect(StudentT(degreesOfFreedom: .nan) != StudentT(degreesOfFreedom: .nan))
        #expect(StudentT(degreesOfFreedom: 7.5) != StudentT(degreesOfFreedom: 8))
    }
}
