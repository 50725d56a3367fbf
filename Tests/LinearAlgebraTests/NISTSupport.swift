import Foundation
import LinearAlgebra

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

    static let all: [NISTDataset] = {
        guard let url = Bundle.module.url(forResource: "nist-strd-linear", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let sets = try? JSONDecoder().decode([NISTDataset].self, from: data) else { return [] }
        return sets
    }()
}

/// Lets parameterised tests show the data set's name.
protocol CustomTestStringConvertibleName { var testName: String { get } }

/// Log relative error: the number of correct significant digits of `estimate` against `certified`,
/// −log10(|estimate − certified| / |certified|), capped at 15 (exact agreement); with a certified
/// value of zero the absolute error is used instead.
func logRelativeError(_ estimate: Double, certified: Double) -> Double {
    if estimate == certified { return 15 }
    let error = certified == 0 ? abs(estimate) : abs(estimate - certified) / abs(certified)
    return min(15, -log10(error))
}
