import Foundation
import SunanTestSupport
import Testing

/// A NIST StRD data set as stored in the LinearAlgebra test fixture.
private struct NISTSet: Decodable {
    struct Model: Decodable { let type: String; let degree: Int?; let intercept: Bool }
    let name: String
    let model: Model
    let x_str: [[String]]
    let y_str: [String]
    let certified_beta: [Double]
    let certified_sd: [Double]
    let residual_sd: Double
    let r_squared: Double

    /// Every data set of the fixture; throws (naming the file) when it is missing, unreadable or empty.
    static var all: [NISTSet] { get throws { try loaded.get() } }

    private static let loaded = Result { () throws -> [NISTSet] in
        let url = Repository.url("Tests/LinearAlgebraTests/Fixtures/nist-strd-linear.json")
        return try Fixture.nonEmpty(Fixture.decode([NISTSet].self, at: url), from: url)
    }

    /// The data as CSV with columns y, x1, x2 … exactly as NIST prints them.
    var csv: String {
        let header = ["y"] + (1...x_str[0].count).map { "x\($0)" }
        let rows = zip(y_str, x_str).map { ([$0] + $1).joined(separator: ",") }
        return ([header.joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }

    /// The `sunan ols` arguments that express NIST's model.
    var modelArguments: [String] {
        var arguments = ["--response", "y"]
        if model.type == "polynomial" {
            arguments += ["--polynomial", "x1:\(model.degree ?? 1)"]
        } else {
            arguments += ["--predictors", (1...x_str[0].count).map { "x\($0)" }.joined(separator: ",")]
        }
        if !model.intercept { arguments.append("--no-intercept") }
        return arguments
    }
}

/// The `sunan ols --format json` document.
private struct OLSJSON: Decodable {
    struct Coefficient: Decodable { let name: String; let estimate: Double; let std_error: Double?; let t: Double?; let p: Double? }
    let coefficients: [Coefficient]
    let residual_sd: Double?
    let r_squared: Double
    let adj_r_squared: Double?
    let rank: Int
    let condition_number: Double?
    let observations: Int
    let df_resid: Int
}

@Suite("sunan ols", .tags(.specification))
struct OLSCommandTests {
    private func write(_ text: String, named name: String = "data.csv") throws -> URL {
        let url = try SunanProcess.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("reproduces NIST certified values from the command line", .tags(.reference), arguments: try NISTSet.all.map(\.name))
    func nistFromCommandLine(name: String) throws {
        let set = try #require(try NISTSet.all.first { $0.name == name })
        let file = try write(set.csv)
        let outcome = try SunanProcess.run(["ols", "--data", file.path] + set.modelArguments + ["--format", "json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let json = try JSONDecoder().decode(OLSJSON.self, from: Data(outcome.standardOutput.utf8))
        let filip = name == "Filip"
        let coefficientDigits = zip(json.coefficients.map(\.estimate), set.certified_beta).map { logRelativeError($0, certified: $1) }.min()!
        let errorDigits = zip(json.coefficients.map { $0.std_error ?? .nan }, set.certified_sd).map { logRelativeError($0, certified: $1) }.min()!
        #expect(coefficientDigits >= (filip ? 7 : 9))
        #expect(errorDigits >= (filip ? 6 : 8))
        #expect(logRelativeError(json.residual_sd ?? .nan, certified: set.residual_sd) >= (filip ? 7 : 9))
        #expect(logRelativeError(json.r_squared, certified: set.r_squared) >= (filip ? 7 : 9))
        #expect(json.observations == set.y_str.count)
        #expect(json.df_resid == set.y_str.count - set.certified_beta.count)
    }

    @Test("JSON has exactly the contract's keys and 17 significant digits")
    func jsonContract() throws {
        let file = try write("y,x\n1,0\n3.1,1\n4.9,2\n7.2,3\n")
        let outcome = try SunanProcess.run(["ols", "--data", file.path, "--response", "y", "--predictors", "x", "--format", "json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["coefficients", "residual_sd", "r_squared", "adj_r_squared", "rank",
                                     "condition_number", "observations", "df_resid"])
        let first = try #require((object["coefficients"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["name", "estimate", "std_error", "t", "p"])
        #expect(outcome.standardOutput.contains("\"estimate\": 0.98000000000000087")
                || outcome.standardOutput.range(of: #""estimate": -?[0-9]\.[0-9]{16}"#, options: .regularExpression) != nil)
    }

    @Test("the text summary is a table with fit statistics")
    func textSummary() throws {
        let file = try write("y,x\n1,0\n3.1,1\n4.9,2\n7.2,3\n8.8,4\n")
        let outcome = try SunanProcess.run(["ols", "--data", file.path, "--response", "y", "--predictors", "x"])
        #expect(outcome.status == 0)
        for expected in ["term", "estimate", "std. error", "const", "residual SD", "R²", "condition number"] {
            #expect(outcome.standardOutput.contains(expected))
        }
    }

    /// Malformed inputs: the message must name file and line, the status must be 1.
    static let badInputs: [(name: String, csv: String, arguments: [String], line: Int?, phrase: String)] = [
        ("missing column", "y,x\n1,2\n2,3\n3,5\n", ["--predictors", "z"], 1, "no column 'z'"),
        ("non-numeric cell", "y,x\n1,2\n2,abc\n3,5\n", ["--predictors", "x"], 3, "'abc' is not a number"),
        ("NaN", "y,x\n1,2\n2,3\nnan,5\n", ["--predictors", "x"], 4, "not a finite number"),
        ("infinity", "y,x\n1,2\n2,inf\n3,5\n", ["--predictors", "x"], 3, "not a finite number"),
        ("empty cell", "y,x\n1,2\n2,\n3,5\n", ["--predictors", "x"], 3, "empty cell"),
        ("fewer rows than parameters", "y,x\n1,2\n", ["--predictors", "x"], 2, "at least 2 rows"),
        ("empty file", "", ["--predictors", "x"], 1, "the file is empty"),
    ]

    @Test("malformed input exits 1 with file, line and problem", arguments: 0..<7)
    func badInput(index: Int) throws {
        let bad = Self.badInputs[index]
        let file = try write(bad.csv, named: "bad.csv")
        let outcome = try SunanProcess.run(["ols", "--data", file.path, "--response", "y"] + bad.arguments)
        #expect(outcome.status == 1, "\(bad.name)")
        let location = bad.line.map { "\(file.path):\($0):" } ?? "\(file.path):"
        #expect(outcome.standardError.contains(location), "\(bad.name): \(outcome.standardError)")
        #expect(outcome.standardError.contains(bad.phrase), "\(bad.name): \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        #expect(outcome.standardError.split(separator: "\n").count == 1)
    }

    @Test("a missing file and a bad option are input errors (status 1)")
    func missingFileAndBadOption() throws {
        let missing = try SunanProcess.run(["ols", "--data", "/nonexistent/data.csv", "--response", "y", "--predictors", "x"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("/nonexistent/data.csv"))
        let badLevel = try SunanProcess.run(["ols", "--data", "x.csv", "--response", "y", "--predictors", "x", "--level", "2"])
        #expect(badLevel.status == 1)
    }

    @Test("a rank-deficient design reports its rank and warns; no garbage")
    func rankDeficient() throws {
        let file = try write("y,a,b\n1,1,2\n2.1,2,4\n2.9,3,6\n4.2,4,8\n5,5,10\n")
        let outcome = try SunanProcess.run(["ols", "--data", file.path, "--response", "y", "--predictors", "a,b", "--format", "json"])
        #expect(outcome.status == 0)
        #expect(outcome.standardError.contains("rank 2 < 3"))
        let json = try JSONDecoder().decode(OLSJSON.self, from: Data(outcome.standardOutput.utf8))
        #expect(json.rank == 2)
        #expect(json.coefficients.allSatisfy { abs($0.estimate) < 10 })
    }
}
