import Foundation
import LinearAlgebra
import SunanTestSupport
import Testing

/// Minimum log relative errors the regression core must reach on NIST StRD (from the foundation issue).
struct NISTRequirement {
    let coefficients: Double
    let standardErrors: Double
    let residualSDAndRSquared: Double

    static func forDataset(_ name: String) -> NISTRequirement {
        name == "Filip"
            ? NISTRequirement(coefficients: 7, standardErrors: 6, residualSDAndRSquared: 7)
            : NISTRequirement(coefficients: 9, standardErrors: 8, residualSDAndRSquared: 9)
    }
}

@Suite("NIST StRD linear least squares", .tags(.reference))
struct NISTRegressionTests {
    @Test("all eleven certified data sets are present", .tags(.specification))
    func fixtureIsComplete() throws {
        #expect(try NISTDataset.all.map(\.name).sorted() == [
            "Filip", "Longley", "NoInt1", "NoInt2", "Norris", "Pontius",
            "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5",
        ])
    }

    @Test("certified values are reproduced to the required digits", arguments: try NISTDataset.all)
    func certifiedValues(dataset: NISTDataset) throws {
        let (design, names) = try dataset.design()
        let result = try LinearRegression(columnNames: names).fit(design: design, response: dataset.y)
        let requirement = NISTRequirement.forDataset(dataset.name)

        #expect(result.rank == names.count)
        let coefficientLRE = zip(result.coefficients, dataset.certified_beta).map { logRelativeError($0, certified: $1) }.min()!
        let standardErrorLRE = zip(result.standardErrors, dataset.certified_sd).map { logRelativeError($0, certified: $1) }.min()!
        let residualSDLRE = logRelativeError(result.residualStandardDeviation, certified: dataset.residual_sd)
        let rSquaredLRE = logRelativeError(result.rSquared, certified: dataset.r_squared)

        #expect(coefficientLRE >= requirement.coefficients, "\(dataset.name) coefficients LRE \(coefficientLRE)")
        #expect(standardErrorLRE >= requirement.standardErrors, "\(dataset.name) standard errors LRE \(standardErrorLRE)")
        #expect(residualSDLRE >= requirement.residualSDAndRSquared, "\(dataset.name) residual SD LRE \(residualSDLRE)")
        #expect(rSquaredLRE >= requirement.residualSDAndRSquared, "\(dataset.name) R² LRE \(rSquaredLRE)")
    }
}
