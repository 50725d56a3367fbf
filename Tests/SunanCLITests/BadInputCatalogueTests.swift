import Foundation
import SunanTestSupport
import Testing

/// One malformed input and what `sunan` must say about it.
///
/// Every case runs the built binary in a fresh folder holding copies of `files` (from
/// `Fixtures/bad-inputs/`, or generated at test time for the names under `generated/`) and an empty
/// `out/` folder that the command line writes into. The run must exit with status 1, print on stderr
/// a line that starts with `at` (the exact `file:line[:column]` prefix, or the file alone when the
/// problem has no line, or `Error:` for a usage error) and contains `phrase`, and leave every file of
/// the folder as it was: nothing created, nothing changed (bytes and modification time).
struct BadInput: CustomTestStringConvertible, Sendable {
    /// What the folder holds before the run, beyond the copied files.
    enum Setup: Sendable {
        case none
        /// A file at this path with known bytes and an old modification time (a previous output).
        case existingOutput(String)
        /// A folder at this path not written by sunan (an existing `--out`).
        case foreignFolder(String)
        /// The copied file at this path made unreadable with `chmod 000`. Root reads such files anyway
        /// (CI runs as root): then the file is replaced by a folder of the same name and the case
        /// checks the "is a directory" refusal instead.
        case unreadable(String)
    }

    let name: String
    let files: [String]
    let arguments: [String]
    let at: String
    let phrase: String
    var setup: Setup = .none

    var testDescription: String { name }
}

/// The bad-input catalogue of issue 7: malformed CSV, YAML and command lines, each refused with exit
/// status 1, a located message and no output written. See notebooks-data/README.md, "Malformed input:
/// what sunan accepts and rejects".
@Suite("BadInput catalogue", .tags(.specification))
struct BadInputCatalogueTests {
    /// Shorthand for `forecast --data FILE -o out/forecast.csv`.
    static func forecast(_ file: String, _ extra: [String] = []) -> [String] {
        ["forecast", "--data", file, "--horizon", "2", "-o", "out/forecast.csv"] + extra
    }

    /// Shorthand for `run FILE --out out/run --quiet`.
    static func run(_ file: String, _ extra: [String] = []) -> [String] {
        ["run", file, "--out", "out/run", "--quiet"] + extra
    }

    /// The files a scenario case needs: the scenario and the data, regions and targets it names.
    static func scenario(_ name: String, also extra: [String] = []) -> [String] {
        ["yaml/\(name)", "yaml/data.csv", "yaml/regions.csv", "yaml/targets.csv"] + extra
    }

    static let ok = "cli/ok.csv"

    // name | files | command line | expected `file:line[:column]` | expected phrase
    static let catalogue: [BadInput] = [
        // CSV: structure and encoding
        BadInput(name: "broken quote", files: ["csv/broken-quote.csv"], arguments: forecast("broken-quote.csv"),
                 at: "broken-quote.csv:2:4", phrase: "a quoted field opened on this line is never closed"),
        BadInput(name: "text after a closing quote", files: ["csv/text-after-quote.csv"], arguments: forecast("text-after-quote.csv"),
                 at: "text-after-quote.csv:8:4", phrase: "unexpected text after the closing quote"),
        BadInput(name: "BOM in the middle", files: ["csv/bom-middle.csv"], arguments: forecast("bom-middle.csv"),
                 at: "bom-middle.csv:8:1", phrase: "a byte-order mark (U+FEFF"),
        BadInput(name: "GB18030 bytes", files: ["csv/gb18030.csv"], arguments: forecast("gb18030.csv"),
                 at: "gb18030.csv:8:1", phrase: "iconv -f GB18030 -t UTF-8"),
        BadInput(name: "UTF-16", files: ["csv/utf16.csv"], arguments: forecast("utf16.csv"),
                 at: "utf16.csv:1:1", phrase: "the file is UTF-16 encoded; save it as UTF-8"),
        BadInput(name: "NUL bytes", files: ["csv/nul-bytes.csv"], arguments: forecast("nul-bytes.csv"),
                 at: "nul-bytes.csv:8:20", phrase: "contains NUL bytes"),
        BadInput(name: "duplicate headers", files: ["csv/duplicate-header.csv"], arguments: forecast("duplicate-header.csv"),
                 at: "duplicate-header.csv:1:5", phrase: "column name ‘value’ repeats column 4"),
        BadInput(name: "empty file", files: ["csv/empty.csv"], arguments: forecast("empty.csv"),
                 at: "empty.csv:1", phrase: "the file is empty"),
        BadInput(name: "header only", files: ["csv/header-only.csv"], arguments: forecast("header-only.csv"),
                 at: "header-only.csv:1", phrase: "has a header but no data rows"),
        BadInput(name: "CRLF only", files: ["csv/crlf-only.csv"], arguments: forecast("crlf-only.csv"),
                 at: "crlf-only.csv:1", phrase: "the file is empty"),
        BadInput(name: "ragged row (too few fields)", files: ["csv/ragged-short.csv"], arguments: forecast("ragged-short.csv"),
                 at: "ragged-short.csv:8:5", phrase: "the row has 4 fields but the header has 5"),
        BadInput(name: "missing required column", files: ["csv/missing-column.csv"], arguments: forecast("missing-column.csv"),
                 at: "missing-column.csv:1", phrase: "lacks the required column ‘year’"),
        // CSV: numbers written for people, not for machines
        BadInput(name: "thousands separator, unquoted", files: ["csv/thousands-unquoted.csv"], arguments: forecast("thousands-unquoted.csv"),
                 at: "thousands-unquoted.csv:8:6", phrase: "an unquoted comma inside a value"),
        BadInput(name: "thousands separator, quoted", files: ["csv/thousands-quoted.csv"], arguments: forecast("thousands-quoted.csv"),
                 at: "thousands-quoted.csv:8:4", phrase: "remove the thousands separators"),
        BadInput(name: "decimal comma", files: ["csv/decimal-comma.csv"], arguments: forecast("decimal-comma.csv"),
                 at: "decimal-comma.csv:8:4", phrase: "write the decimal with a point"),
        BadInput(name: "full-width digits", files: ["csv/fullwidth-digits.csv"], arguments: forecast("fullwidth-digits.csv"),
                 at: "fullwidth-digits.csv:8:4", phrase: "write 123 with half-width (半角) ASCII digits"),
        BadInput(name: "full-width year", files: ["csv/fullwidth-year.csv"], arguments: forecast("fullwidth-year.csv"),
                 at: "fullwidth-year.csv:8:3", phrase: "write the year as the plain number 2016"),
        BadInput(name: "year as 2017年", files: ["csv/year-nian.csv"], arguments: forecast("year-nian.csv"),
                 at: "year-nian.csv:8:3", phrase: "write the year as the plain number 2017"),
        BadInput(name: "N/A cell", files: ["csv/na-cell.csv"], arguments: forecast("na-cell.csv"),
                 at: "na-cell.csv:8:4", phrase: "to mark a missing value leave the cell empty"),
        BadInput(name: "em dash cell", files: ["csv/emdash-cell.csv"], arguments: forecast("emdash-cell.csv"),
                 at: "emdash-cell.csv:8:4", phrase: "to mark a missing value leave the cell empty"),
        BadInput(name: "huge number 1e400", files: ["csv/huge-number.csv"], arguments: forecast("huge-number.csv"),
                 at: "huge-number.csv:8:4", phrase: "beyond the largest representable value"),
        BadInput(name: "tiny number 1e-400", files: ["csv/tiny-number.csv"], arguments: forecast("tiny-number.csv"),
                 at: "tiny-number.csv:8:4", phrase: "is too small to be represented"),
        // Issue 14, item 11: values whose squares or ratios overflow are refused at their cell, in both layouts
        // and for backtest too (they crashed forecast and backtest, or gave blank bounds and RMSE).
        BadInput(name: "alternating 1e300 and 1e-300 (forecast)", files: ["csv/alternating-extremes.csv"],
                 arguments: forecast("alternating-extremes.csv"),
                 at: "alternating-extremes.csv:2:4", phrase: "is outside the magnitudes sunan computes with"),
        BadInput(name: "alternating 1e300 and 1e-300 (backtest)", files: ["csv/alternating-extremes.csv"],
                 arguments: ["backtest", "--data", "alternating-extremes.csv", "--horizon", "2", "-o", "out/backtest.txt"],
                 at: "alternating-extremes.csv:3:4", phrase: "is outside the magnitudes sunan computes with"),
        BadInput(name: "alternating 1e300 and 1e-300 (series,t,value)", files: ["csv/alternating-extremes-competition.csv"],
                 arguments: forecast("alternating-extremes-competition.csv"),
                 at: "alternating-extremes-competition.csv:2:3", phrase: "is outside the magnitudes sunan computes with"),
        BadInput(name: "inf", files: ["csv/infinity.csv"], arguments: forecast("infinity.csv"),
                 at: "infinity.csv:8:4", phrase: "value ‘inf’ in column ‘value’ is not a number"),
        // CSV: values that parse but break the data contract
        BadInput(name: "non-numeric year", files: ["csv/year-text.csv"], arguments: forecast("year-text.csv"),
                 at: "year-text.csv:8:3", phrase: "is not a whole number such as 2018"),
        BadInput(name: "year out of range", files: ["csv/year-out-of-range.csv"], arguments: forecast("year-out-of-range.csv"),
                 at: "year-out-of-range.csv:8:3", phrase: "year 1850 is out of range"),
        BadInput(name: "duplicate region × indicator × year", files: ["csv/duplicate-row.csv"], arguments: forecast("duplicate-row.csv"),
                 at: "duplicate-row.csv:8", phrase: "already appears at duplicate-row.csv:7"),
        BadInput(name: "negative count", files: ["csv/negative-count.csv"], arguments: forecast("negative-count.csv"),
                 at: "negative-count.csv:3:4", phrase: "‘patents’ cannot be negative"),
        BadInput(name: "mixed units in a series", files: ["csv/mixed-units.csv"], arguments: forecast("mixed-units.csv"),
                 at: "mixed-units.csv:8:5", phrase: "one series must use one unit"),
        BadInput(name: "empty region", files: ["csv/empty-region.csv"], arguments: forecast("empty-region.csv"),
                 at: "empty-region.csv:8:1", phrase: "the region is empty"),
        BadInput(name: "series,t,value layout: a t that goes back", files: ["csv/series-t-back.csv"],
                 arguments: forecast("series-t-back.csv"),
                 at: "series-t-back.csv:5:2", phrase: "series ‘A’: year 2002 does not come after 2003"),
        BadInput(name: "1M rows, bad value on the last line (check)", files: ["generated/million-rows-bad-value.csv"],
                 arguments: ["check", "million-rows-bad-value.csv"],
                 at: "sunan: million-rows-bad-value.csv:1000002:4", phrase: "value ‘N/A’ in column ‘value’"),
        BadInput(name: "1M rows, ragged last line (forecast)", files: ["generated/million-rows-ragged.csv"],
                 arguments: forecast("million-rows-ragged.csv"),
                 at: "million-rows-ragged.csv:1000002:6", phrase: "the row has 6 fields but the header has 5"),
        BadInput(name: "pre-existing output kept when the data are bad", files: ["csv/na-cell.csv"], arguments: forecast("na-cell.csv"),
                 at: "na-cell.csv:8:4", phrase: "leave the cell empty", setup: .existingOutput("out/forecast.csv")),
        BadInput(name: "bad data file under compare --svg", files: ["csv/na-cell.csv"],
                 arguments: ["compare", "--data", "na-cell.csv", "--indicator", "gdp", "--regions", "Nanjing", "--svg", "out/compare.svg"],
                 at: "sunan: na-cell.csv:8:4", phrase: "leave the cell empty"),
        // Plan files
        BadInput(name: "targets: full-width threshold", files: ["csv/targets-fullwidth.csv"],
                 arguments: ["targets", "--targets-file", "targets-fullwidth.csv"],
                 at: "sunan: targets-fullwidth.csv:2:8", phrase: "write 1000 with half-width"),
        BadInput(name: "regions: circular parents", files: ["csv/regions-parent-cycle.csv"], arguments: ["check", "regions-parent-cycle.csv"],
                 at: "sunan: regions-parent-cycle.csv:2:5", phrase: "the parents form a cycle (China → Jiangsu → China)"),
        BadInput(name: "regions: circular zone membership", files: ["csv/regions-member-cycle.csv"], arguments: ["check", "regions-member-cycle.csv"],
                 at: "sunan: regions-member-cycle.csv:4:6", phrase: "the zone memberships form a cycle (North → South → North)"),
        BadInput(name: "regions: zone that is its own member", files: ["csv/regions-self-member.csv"], arguments: ["check", "regions-self-member.csv"],
                 at: "sunan: regions-self-member.csv:4:6", phrase: "zone ‘Sunan’ lists itself among its members"),
        // YAML scenarios
        BadInput(name: "YAML tab", files: scenario("tab-indent.yaml"), arguments: run("tab-indent.yaml"),
                 at: "tab-indent.yaml:19:1", phrase: "a tab in the indentation"),
        BadInput(name: "YAML duplicate key", files: scenario("duplicate-key.yaml"), arguments: run("duplicate-key.yaml"),
                 at: "duplicate-key.yaml:7:1", phrase: "key ‘asOf’ repeats the key at line 6"),
        BadInput(name: "YAML wrong type: quoted year", files: scenario("quoted-year.yaml"), arguments: run("quoted-year.yaml"),
                 at: "quoted-year.yaml:6:7", phrase: "write the number without quotes"),
        BadInput(name: "YAML wrong type: draws as text", files: scenario("draws-not-a-number.yaml"), arguments: run("draws-not-a-number.yaml"),
                 at: "draws-not-a-number.yaml:21:21", phrase: "‘draws’ must be a whole number"),
        BadInput(name: "YAML wrong type: regions not a list", files: scenario("regions-not-a-list.yaml"), arguments: run("regions-not-a-list.yaml"),
                 at: "regions-not-a-list.yaml:13:14", phrase: "‘regions’ must be a list"),
        BadInput(name: "YAML unknown key", files: scenario("unknown-key.yaml"), arguments: run("unknown-key.yaml"),
                 at: "unknown-key.yaml:7:1", phrase: "did you mean ‘horizonYear’?"),
        BadInput(name: "YAML missing reference: driver indicator", files: scenario("missing-driver-indicator.yaml"),
                 arguments: run("missing-driver-indicator.yaml"),
                 at: "missing-driver-indicator.yaml:15:18", phrase: "indicator ‘gov_budget_expenditure_rd’ is not in the data"),
        BadInput(name: "YAML missing reference: data file", files: scenario("missing-data-file.yaml"), arguments: run("missing-data-file.yaml"),
                 at: "missing-data-file.yaml:3:8", phrase: "data file ‘data-2017.csv’ does not exist"),
        BadInput(name: "YAML missing reference: split names a non-member", files: scenario("split-non-member.yaml"),
                 arguments: run("split-non-member.yaml"),
                 at: "split-non-member.yaml:20:77", phrase: "‘Shanghai’ is not a member of zone ‘Sunan’"),
        BadInput(name: "YAML projection of a region with no data", files: scenario("region-without-data.yaml"),
                 arguments: run("region-without-data.yaml"),
                 at: "region-without-data.yaml:13:15", phrase: "region ‘China’ is not in the data"),
        BadInput(name: "YAML target series for an undefined region", files: scenario("target-region-undefined.yaml"),
                 arguments: run("target-region-undefined.yaml"),
                 at: "target-region-undefined.yaml:17:60", phrase: "region ‘Subei’ is not defined in the regions file"),
        BadInput(name: "YAML circular reference: regions file with a parent cycle",
                 files: scenario("regions-file-cycle.yaml", also: ["csv/regions-parent-cycle.csv"]), arguments: run("regions-file-cycle.yaml"),
                 at: "regions-parent-cycle.csv:2:5", phrase: "the parents form a cycle"),
        BadInput(name: "YAML schemaVersion 2", files: scenario("schema-version-2.yaml"), arguments: run("schema-version-2.yaml"),
                 at: "schema-version-2.yaml:1:16", phrase: "schemaVersion 2 is not supported"),
        BadInput(name: "YAML that is a list", files: scenario("list.yaml"), arguments: run("list.yaml"),
                 at: "list.yaml:1:1", phrase: "a scenario file is a mapping of keys"),
        BadInput(name: "YAML empty", files: scenario("empty.yaml"), arguments: run("empty.yaml"),
                 at: "empty.yaml:1", phrase: "the file is empty"),
        BadInput(name: "YAML comments only", files: scenario("comments-only.yaml"), arguments: run("comments-only.yaml"),
                 at: "comments-only.yaml:1", phrase: "the file is empty"),
        BadInput(name: "YAML two documents", files: scenario("two-documents.yaml"), arguments: run("two-documents.yaml"),
                 at: "two-documents.yaml:22:1", phrase: "a second YAML document starts here"),
        BadInput(name: "YAML negative draws", files: scenario("negative-draws.yaml"), arguments: run("negative-draws.yaml"),
                 at: "negative-draws.yaml:21:21", phrase: "‘draws’ is -5; it must be from 1 to 10,000,000"),
        BadInput(name: "YAML horizon of 0 years", files: scenario("horizon-zero.yaml"), arguments: run("horizon-zero.yaml"),
                 at: "horizon-zero.yaml:7:14", phrase: "must be after ‘asOf’ 2017"),
        BadInput(name: "YAML horizon of 10,000 years", files: scenario("horizon-10000.yaml"), arguments: run("horizon-10000.yaml"),
                 at: "horizon-10000.yaml:7:14", phrase: "‘horizonYear’ 12017 is not a year in 1949–2100"),
        BadInput(name: "run on a CSV instead of YAML", files: ["yaml/data.csv"], arguments: run("data.csv"),
                 at: "data.csv:1:1", phrase: "this looks like a CSV data file"),
        BadInput(name: "run into an existing folder sunan did not write", files: scenario("valid.yaml"), arguments: run("valid.yaml"),
                 at: "out/run", phrase: "exists and was not written by sunan", setup: .foreignFolder("out/run")),
        // Command lines
        BadInput(name: "forecast --horizon 0", files: [ok], arguments: forecast("ok.csv", ["--horizon", "0"]),
                 at: "Error:", phrase: "--horizon must be from 1 to 200 years; got 0"),
        BadInput(name: "forecast --horizon 10000", files: [ok], arguments: forecast("ok.csv", ["--horizon", "10000"]),
                 at: "Error:", phrase: "--horizon must be from 1 to 200 years; got 10000"),
        BadInput(name: "backtest --horizon 0", files: [ok], arguments: ["backtest", "--data", "ok.csv", "--horizon", "0", "-o", "out/b.txt"],
                 at: "Error:", phrase: "--horizon must be from 1 to 200 years; got 0"),
        BadInput(name: "backtest --horizon 10000", files: [ok],
                 arguments: ["backtest", "--data", "ok.csv", "--horizon", "10000", "-o", "out/b.txt"],
                 at: "Error:", phrase: "--horizon must be from 1 to 200 years; got 10000"),
        BadInput(name: "backtest --origins 0", files: [ok], arguments: ["backtest", "--data", "ok.csv", "--origins", "0", "-o", "out/b.txt"],
                 at: "Error:", phrase: "--origins must be at least 1"),
        BadInput(name: "run --draws=-5", files: scenario("valid.yaml"), arguments: run("valid.yaml", ["--draws=-5"]),
                 at: "Error:", phrase: "--draws must be from 1 to 10000000; got -5"),
        BadInput(name: "run --draws -5 (read as an option)", files: scenario("valid.yaml"), arguments: run("valid.yaml", ["--draws", "-5"]),
                 at: "Error:", phrase: "Missing value for '--draws <draws>'"),
        BadInput(name: "forecast --level 0", files: [ok], arguments: forecast("ok.csv", ["--level", "0"]),
                 at: "Error:", phrase: "--level must be a percentage between 0 and 100"),
        BadInput(name: "forecast --level 100", files: [ok], arguments: forecast("ok.csv", ["--level", "100"]),
                 at: "Error:", phrase: "--level must be a percentage between 0 and 100"),
        BadInput(name: "forecast --as-of before all data", files: [ok], arguments: forecast("ok.csv", ["--as-of", "1990"]),
                 at: "ok.csv: error:", phrase: "--as-of 1990 is before the first year of every series (the earliest is 2010)"),
        BadInput(name: "unknown --model", files: [ok], arguments: forecast("ok.csv", ["--model", "prophet"]),
                 at: "Error:", phrase: "unknown model 'prophet'"),
        BadInput(name: "ols with a missing --response column", files: ["cli/ols.csv"],
                 arguments: ["ols", "--data", "ols.csv", "--response", "gdp", "--predictors", "x"],
                 at: "ols.csv:1", phrase: "no column 'gdp'; the header has: y, x"),
        BadInput(name: "missing data file", files: [], arguments: forecast("no-such-file.csv"),
                 at: "no-such-file.csv: error:", phrase: "no such file"),
        BadInput(name: "directory as data file", files: [], arguments: forecast("out"),
                 at: "out: error:", phrase: "is a directory, not a CSV file"),
        BadInput(name: "unreadable data file (chmod 000)", files: [ok], arguments: forecast("ok.csv"),
                 at: "ok.csv: error:", phrase: "cannot be read (check the permissions)", setup: .unreadable("ok.csv")),
        BadInput(name: "unwritable output: folder does not exist", files: [ok],
                 arguments: ["forecast", "--data", "ok.csv", "-o", "/proc/nonexistent/x.csv"],
                 at: "/proc/nonexistent/x.csv: error:", phrase: "the folder /proc/nonexistent does not exist"),
        BadInput(name: "unwritable output: path under a regular file", files: [ok],
                 arguments: ["forecast", "--data", "ok.csv", "-o", "ok.csv/x.csv"],
                 at: "ok.csv/x.csv: error:", phrase: "ok.csv is a file, not a folder"),
        BadInput(name: "unwritable output folder under a regular file", files: scenario("valid.yaml"),
                 arguments: ["run", "valid.yaml", "--out", "valid.yaml/run", "--quiet"],
                 at: "valid.yaml/run: error:", phrase: "valid.yaml is a file, not a folder"),
        BadInput(name: "unwritable output folder under /proc", files: scenario("valid.yaml"),
                 arguments: ["run", "valid.yaml", "--out", "/proc/nonexistent/run", "--quiet"],
                 at: "/proc/nonexistent: error:", phrase: "cannot create the output folder"),
    ]

    @Test("bad input is refused with exit 1, a located message and no output", arguments: catalogue)
    func refused(_ input: BadInput) throws {
        let folder = try Self.prepare(input)
        defer { Self.removeFolder(folder) }
        var expectedPhrase = input.phrase
        if case let .unreadable(path) = input.setup, try Self.makeUnreadable(folder.appendingPathComponent(path)) == .readAnyway {
            expectedPhrase = "is a directory, not a CSV file"
        }
        let before = try Self.snapshot(folder)
        let outcome = try SunanProcess.run(input.arguments, in: folder)
        #expect(outcome.status == 1, "exit status \(outcome.status); stderr: \(outcome.standardError)")
        let lines = outcome.standardError.split(separator: "\n").map(String.init)
        let located = lines.filter { Self.matches($0, at: input.at) }
        #expect(located.contains { $0.contains(expectedPhrase) },
                "no stderr line starts with ‘\(input.at)’ and contains ‘\(expectedPhrase)’:\n\(outcome.standardError)")
        #expect(!outcome.standardError.contains("Fatal error") && !outcome.standardError.contains("internal error"))
        #expect(try Self.snapshot(folder) == before, "the run created or changed files")
    }

    @Test("the catalogue has at least 40 cases with distinct names")
    func catalogueSize() {
        #expect(Self.catalogue.count >= 40)
        #expect(Set(Self.catalogue.map(\.name)).count == Self.catalogue.count)
    }

    /// Inputs that look odd but are deliberately accepted: exit status 0 and the expected text.
    static let accepted: [(name: String, files: [String], arguments: [String], stdout: String)] = [
        ("1M valid rows are read in full", ["generated/million-rows-valid.csv"], ["check", "million-rows-valid.csv"],
         "million-rows-valid.csv  data panel  1000000"),
        ("header-only data file is an empty panel for check", ["csv/header-only.csv"], ["check", "header-only.csv"],
         "Checked 1 file: 0 errors, 0 warnings."),
        ("the valid scenario every YAML case varies", scenario("valid.yaml"), ["run", "valid.yaml", "--out", "out/run", "--quiet"], ""),
        ("a forecast of 200 years, the maximum", [ok], ["forecast", "--data", "ok.csv", "--horizon", "200", "-o", "out/f.csv"], ""),
    ]

    @Test("odd but valid input is accepted", arguments: accepted.indices)
    func acceptedInput(_ index: Int) throws {
        let input = Self.accepted[index]
        let folder = try Self.prepare(BadInput(name: input.name, files: input.files, arguments: input.arguments, at: "", phrase: ""))
        defer { Self.removeFolder(folder) }
        let outcome = try SunanProcess.run(input.arguments, in: folder)
        #expect(outcome.status == 0, "\(input.name): \(outcome.standardError)")
        if !input.stdout.isEmpty {
            #expect(outcome.standardOutput.contains(input.stdout), "\(input.name): \(outcome.standardOutput)")
        }
    }

    @Test("a BOM at the start, CRLF line ends, padded cells and an empty value are accepted")
    func tolerated() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { Self.removeFolder(folder) }
        let rows = (2010...2017).map { "Nanjing,gdp,\($0), \($0 - 1900).5 ,100m_cny" } + ["Nanjing,gdp,2018,,100m_cny"]
        let text = "\u{FEFF}region,indicator,year,value,unit\r\n" + rows.joined(separator: "\r\n") + "\r\n"
        try Data(text.utf8).write(to: folder.appendingPathComponent("excel.csv"))
        let outcome = try SunanProcess.run(["forecast", "--data", "excel.csv", "--horizon", "1", "--model", "drift"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError == "excel.csv:10:4: warning: 1 row has an empty value (first here); they are treated as missing, not as zero\n")
        #expect(outcome.standardOutput.contains("Nanjing,gdp,2018,drift,"))
    }

    // MARK: Support

    static let fixtures = SunanProcess.repositoryRoot.appendingPathComponent("Tests/SunanCLITests/Fixtures/bad-inputs")

    /// A line of stderr carries exactly the expected location: `at` followed by `: ` (so `f.csv:1` does
    /// not match `f.csv:12` or `f.csv:1:3`), or `at` itself when it already ends with `:` (`Error:`).
    static func matches(_ line: String, at: String) -> Bool {
        guard line.hasPrefix(at) else { return false }
        return at.hasSuffix(":") || line.dropFirst(at.count).hasPrefix(": ")
    }

    /// A fresh folder with the case's files, an empty `out/` and the case's setup.
    static func prepare(_ input: BadInput) throws -> URL {
        let manager = FileManager.default
        let folder = try SunanProcess.temporaryFolder()
        try manager.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        for file in input.files {
            let destination = folder.appendingPathComponent((file as NSString).lastPathComponent)
            if file.hasPrefix("generated/") {
                try BigFiles.write((file as NSString).lastPathComponent, to: destination)
            } else {
                try manager.copyItem(at: fixtures.appendingPathComponent(file), to: destination)
            }
        }
        switch input.setup {
        case .none, .unreadable:
            break
        case let .existingOutput(path):
            let url = folder.appendingPathComponent(path)
            try Data("region,indicator,year,model,mean\nNanjing,gdp,2016,previous run,1\n".utf8).write(to: url)
            try manager.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_500_000_000)], ofItemAtPath: url.path)
        case let .foreignFolder(path):
            let url = folder.appendingPathComponent(path)
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
            try Data("a planner's own notes\n".utf8).write(to: url.appendingPathComponent("notes.txt"))
        }
        return folder
    }

    enum Readability { case unreadable, readAnyway }

    /// `chmod 000` on `url`; when the file can still be opened (running as root), it is replaced by a
    /// folder of the same name so the case still checks an input that cannot be read as a file.
    static func makeUnreadable(_ url: URL) throws -> Readability {
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return .unreadable }
        try handle.close()
        try FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return .readAnyway
    }

    /// Every file and folder under `folder`: size, modification time and (for files up to 1 MB) bytes.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        let manager = FileManager.default
        var result: [String: String] = [:]
        guard let paths = manager.subpaths(atPath: folder.path) else { return result }
        for path in paths {
            let full = folder.appendingPathComponent(path).path
            let attributes = try manager.attributesOfItem(atPath: full)
            let size = (attributes[.size] as? Int) ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            var entry = "\(attributes[.type] ?? "") \(size) \(modified)"
            if attributes[.type] as? FileAttributeType == .typeRegular, size <= 1_048_576,
               let bytes = manager.contents(atPath: full) {
                entry += " \(bytes.base64EncodedString())"
            }
            result[path] = entry
        }
        return result
    }

    static func removeFolder(_ folder: URL) {
        if let paths = FileManager.default.subpaths(atPath: folder.path) {
            for path in paths {
                try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.appendingPathComponent(path).path)
            }
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// The huge inputs, generated at test time (never committed): one million data rows of a valid panel
/// (1,000 regions × 20 indicators × 50 years), optionally followed by one bad row at line 1,000,002.
enum BigFiles {
    static let rowCount = 1_000_000

    /// Writes the file called `name` to `url`.
    static func write(_ name: String, to url: URL) throws {
        switch name {
        case "million-rows-valid.csv": try write(lastRow: nil, to: url)
        case "million-rows-bad-value.csv": try write(lastRow: "R0,ind0,2020,N/A,count\n", to: url)
        case "million-rows-ragged.csv": try write(lastRow: "R0,ind0,2020,1,count,extra\n", to: url)
        default: throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
    }

    /// The rows, built as bytes in one buffer (about 27 MB) and written at once.
    private static func write(lastRow: String?, to url: URL) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28_000_000)
        bytes += Array("region,indicator,year,value,unit\n".utf8)
        for region in 0..<1_000 {
            let regionBytes = Array("R\(region),".utf8)
            for indicator in 0..<20 {
                let prefix = regionBytes + Array("ind\(indicator),".utf8)
                for year in 1970..<2020 {
                    bytes += prefix
                    bytes += Array("\(year),\(year - 1900).5,count\n".utf8)
                }
            }
        }
        if let lastRow { bytes += Array(lastRow.utf8) }
        try Data(bytes).write(to: url)
    }
}
