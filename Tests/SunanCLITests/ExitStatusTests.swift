import Forecasting
import Foundation
import Indicators
@testable import LinearAlgebra
import Scenarios
@testable import SunanCLI
import SunanTestSupport
import Testing

/// Exit status 2 is an internal failure ("internal error" and a plea to report it); 1 is an input or
/// usage problem (DESIGN.md, the CLI contract).
///
/// No valid input reaches an internal failure: values near the largest double, which once made the
/// least-squares refinement hand LAPACK a NaN that `dtrtrs` rejected as an illegal argument
/// (`info = -9`), are now refused as input errors (issue 14, item 10; the bad-input catalogue has
/// them). So the cases below make LAPACK reject an argument on purpose, with the fault injection of
/// `Lapack.injectedRejection`: the environment variable `SUNAN_TEST_LAPACK_REJECTS=dtrtrs:9` for the
/// binary, a task-local value in process. The failure then travels the real path from LinearAlgebra
/// through each command's error mapping, as a defect would.
@Suite("Exit status: internal failure 2, input error 1", .tags(.specification))
struct ExitStatusTests {
    /// The second line of every internal-failure report.
    static let plea = "sunan: this is a bug in sunan, not a problem with your input; please report it with the command line "
        + "and, if you can share them, the input files"

    /// A plain regression (`ols --response y --predictors x`).
    static let regression = "x,y\n1,1.1\n2,1.9\n3,3.2\n4,3.9\n5,5.1\n"

    /// Ten years of a plain series (2008–2017).
    static let values = ["100", "108", "117", "125", "136", "146", "158", "170", "183", "197"]

    /// The environment that makes LAPACK's `dtrtrs` reject its argument 9 in the binary.
    static let rejection = ["SUNAN_TEST_LAPACK_REJECTS": "dtrtrs:9"]

    /// Whether the binary under test honours ``rejection``: only a debug build does (the tests' own
    /// configuration is the binary's).
    #if DEBUG
    static let binaryHonoursInjection = true
    #else
    static let binaryHonoursInjection = false
    #endif

    /// One error that ends a command, and how the command line must end.
    struct Ending: Sendable, CustomTestStringConvertible {
        let error: any Error & Sendable
        let status: Int32
        let message: String
        var testDescription: String { "\(type(of: error)) → \(status)" }
    }

    static let endings: [Ending] = [
        Ending(error: LinearAlgebraError.lapackFailure(routine: "dtrtrs", info: -9), status: 2,
               message: "sunan: internal error: LAPACK dtrtrs rejected its argument 9 (info = -9)\n" + plea),
        Ending(error: ForecastingError.internalFailure("LAPACK dgeqrt rejected its argument 4 (info = -4)"), status: 2,
               message: "sunan: internal error: LAPACK dgeqrt rejected its argument 4 (info = -4)\n" + plea),
        Ending(error: ScenarioError.internalFailure("Jiangsu/gdp: LAPACK dtrtrs rejected its argument 9 (info = -9)"), status: 2,
               message: "sunan: internal error: Jiangsu/gdp: LAPACK dtrtrs rejected its argument 9 (info = -9)\n" + plea),
        Ending(error: InternalFailure(description: "an impossible state").within("A/gdp"), status: 2,
               message: "sunan: internal error: A/gdp: an impossible state\n" + plea),
        Ending(error: ValidationIssue.error("data.csv", line: 3, column: 4, "value ‘x’ in column ‘value’ is not a number"), status: 1,
               message: "data.csv:3:4: error: value ‘x’ in column ‘value’ is not a number"),
        Ending(error: ValidationFailure(issues: [.error("a.csv", line: 2, "one"), .warning("a.csv", line: 5, "two")]), status: 1,
               message: "a.csv:2: error: one\na.csv:5: warning: two"),
    ]

    @Test("the error mapping: internal failures of every layer end with 2, input problems with 1", arguments: endings)
    func mapping(_ ending: Ending) {
        let result = SunanCommand.ending(for: ending.error)
        #expect(result.status == ending.status)
        #expect(result.message == ending.message)
    }

    @Test("LAPACK's numerical failures and the other library errors are not internal failures")
    func notInternal() {
        #expect(InternalFailure(LinearAlgebraError.lapackFailure(routine: "dpotri", info: 2)) == nil)
        #expect(InternalFailure(ForecastingError.numerical("LAPACK dgesvd failed with info = 1")) == nil)
        #expect(InternalFailure(ScenarioError.fitFailed(region: "A", indicator: "gdp", reason: "too short")) == nil)
        #expect(SunanCommand.ending(for: LinearAlgebraError.lapackFailure(routine: "dpotri", info: 2)).status == 1)
    }

    @Test("in process: ols exits 2 on an internal failure and 1 on a missing column")
    func inProcess() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("regression.csv").path
        try Data(Self.regression.utf8).write(to: URL(fileURLWithPath: path))
        let arguments = ["ols", "--data", path, "--response", "y", "--predictors", "x"]
        Lapack.$injectedRejection.withValue(Lapack.InjectedRejection("dtrtrs:9")) {
            #expect(SunanCommand.execute(arguments) == 2)
            #expect(SunanCommand.execute(["ols", "--data", path, "--response", "gdp", "--predictors", "x"]) == 1)
        }
        #expect(SunanCommand.execute(arguments) == 0)
    }

    @Test("the binary: ols, forecast, backtest and compare end with 2 and the report, nothing written",
          .enabled(if: binaryHonoursInjection, "a release binary ignores SUNAN_TEST_LAPACK_REJECTS"))
    func binary() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.regression.utf8).write(to: folder.appendingPathComponent("regression.csv"))
        let series = "series,t,value\n" + Self.values.enumerated().map { "A,\(2008 + $0.offset),\($0.element)\n" }.joined()
        try Data(series.utf8).write(to: folder.appendingPathComponent("series.csv"))
        let panel = "region,indicator,year,value\n" + Self.values.enumerated().map { "A,gdp,\(2008 + $0.offset),\($0.element)\n" }.joined()
            + (2008...2017).map { "B,gdp,\($0),\($0 - 2000)\n" }.joined()
        try Data(panel.utf8).write(to: folder.appendingPathComponent("panel.csv"))
        let cases: [(arguments: [String], subject: String)] = [
            (["ols", "--data", "regression.csv", "--response", "y", "--predictors", "x"], "regression.csv"),
            (["forecast", "--data", "series.csv", "--model", "linear", "--horizon", "1", "-o", "forecast.csv"], "A/value"),
            (["backtest", "--data", "series.csv", "--models", "linear", "--horizon", "1", "-o", "backtest.txt"], "backtest of linear, case 1"),
            (["compare", "--data", "panel.csv", "--indicator", "gdp", "--regions", "A,B", "--model", "linear", "--svg", "compare.svg"], "A/gdp"),
        ]
        for (arguments, subject) in cases {
            let outcome = try SunanProcess.run(arguments, in: folder, environment: Self.rejection)
            #expect(outcome.status == 2, "\(arguments[0]): \(outcome.standardError)")
            #expect(outcome.standardError == "sunan: internal error: \(subject): LAPACK dtrtrs rejected its argument 9 (info = -9)\n"
                        + Self.plea + "\n", "\(arguments[0])")
            #expect(outcome.standardOutput.isEmpty, "\(arguments[0])")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["panel.csv", "regression.csv", "series.csv"])
        let ordinary = try SunanProcess.run(cases[0].arguments, in: folder)
        #expect(ordinary.status == 0, "without the injection: \(ordinary.standardError)")
    }

    @Test("the binary: run ends with 2 on a projection LAPACK refuses, and writes no folder",
          .enabled(if: binaryHonoursInjection, "a release binary ignores SUNAN_TEST_LAPACK_REJECTS"))
    func binaryRun() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["valid.yaml", "data.csv", "regions.csv", "targets.csv"] {
            try FileManager.default.copyItem(at: BadInputCatalogueTests.fixtures.appendingPathComponent("yaml/\(name)"),
                                             to: folder.appendingPathComponent(name))
        }
        // auto's members are closed-form; loglinear's regression goes through LAPACK.
        let scenario = folder.appendingPathComponent("valid.yaml")
        let text = try String(contentsOf: scenario, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "    level: parent\n", with: "    level: parent\n    model: loglinear\n").utf8).write(to: scenario)
        #expect(try String(contentsOf: scenario, encoding: .utf8).contains("model: loglinear"))
        let outcome = try SunanProcess.run(["run", "valid.yaml", "--out", "out", "--quiet"], in: folder, environment: Self.rejection)
        #expect(outcome.status == 2, "\(outcome.standardError)")
        #expect(outcome.standardError == "sunan: internal error: Jiangsu/tech_market_value_outflow: "
                    + "LAPACK dtrtrs rejected its argument 9 (info = -9)\n" + Self.plea + "\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test("a release binary ignores the fault-injection variable",
          .enabled(if: !binaryHonoursInjection, "only a release build ignores it"))
    func releaseIgnoresInjection() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.regression.utf8).write(to: folder.appendingPathComponent("regression.csv"))
        let outcome = try SunanProcess.run(["ols", "--data", "regression.csv", "--response", "y", "--predictors", "x"],
                                           in: folder, environment: Self.rejection)
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }

    @Test("the binary: an input error still ends with 1 and no internal-error report")
    func binaryInputError() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("x,y\n1,2\n2,x\n".utf8).write(to: folder.appendingPathComponent("bad.csv"))
        let outcome = try SunanProcess.run(["ols", "--data", "bad.csv", "--response", "y", "--predictors", "x"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.hasPrefix("bad.csv:3"))
        #expect(!outcome.standardError.contains("internal error"))
    }
}
