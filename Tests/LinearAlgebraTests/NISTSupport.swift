import Foundation
import LinearAlgebra
import SunanTestSupport

/// One NIST StRD linear least-squares problem as stored in `Fixtures/nist-strd-linear.json`.
struct NISTDataset: Decodable, Sendable, CustomTestStringConvertibleName {
    struct Model: Decodable, Sendable {
        let type: String
        let degree: Int?
        let intercept: Bool
    }
    let name: String
    let model: Model
    let x: [[Double]]
    let y: [Double]
    let certified_beta: [Double]
    let certified_sd: [Double]
    let residual_sd: Double
    let r_squared: Double

    /// The design matrix NIST's model formula describes, and its column names.
    func design() throws -> (Matrix, [String]) {
        var columns: [[Double]] = []
        var names: [String] = []
        if model.intercept {
            columns.append([Double](repeating: 1, count: y.count))
            names.append("const")
        }
        if model.type == "polynomial" {
            for power in 1...(model.degree ?? 1) {
                columns.append(x.map { pow($0[0], Double(power)) })
                names.append(power == 1 ? "x" : "x^\(power)")
            }
        } else {
            for j in 0..<x[0].count {
                columns.append(x.map { $0[j] })
                names.append("x\(j + 1)")
            }
        }
        return (try Matrix(columns: columns), names)
    }

    var testName: String { name }

    /// Every data set of the fixture; throws (naming the file) when it is missing, unreadable or empty.
    static var all: [NISTDataset] { get throws { try loaded.get() } }

    private static let loaded = Result { () throws -> [NISTDataset] in
        let url = try Fixture.url("nist-strd-linear.json", in: Bundle.module)
        return try Fixture.nonEmpty(Fixture.decode([NISTDataset].self, at: url), from: url)
    }
}

/// Lets parameterised tests show the data set's name.
protocol CustomTestStringConvertibleName { var testName: String { get } }
