import Foundation
import Indicators
import Reports
import SunanTestSupport
import Testing

/// Reads the sheet `sheet` of the workbook `data` back with the data layer's reader.
private func readBack(_ data: Data, sheet: String) throws -> CSVDocument {
    let (document, issues) = CSVDocument.read(DataFile(name: "w.xlsx#\(sheet)", bytes: data))
    #expect(issues.isEmpty, "\(issues)")
    return try #require(document)
}

/// Whether the text read back from a cell holds what the table's cell held: the same text (the
/// reader trims spaces, as CSV reading does), or the same number — a percentage cell reads as it
/// shows, `85.3%`, and equals the fraction to 1e-12.
private func sameCell(_ read: String, _ written: String) -> Bool {
    if read == written.trimmingCharacters(in: .whitespaces) { return true }
    guard let number = Double(written) else { return false }
    if read.hasSuffix("%"), let percent = Double(read.dropLast()) {
        return abs(percent / 100 - number) <= 1e-12 * max(abs(number), 1e-300)
    }
    return Double(read) == number
}

@Suite("Workbook writer", .tags(.specification))
struct WorkbookWriterTests {
    static let table = TextTable(
        header: ["region", "year", "value", "p_meet", "note"],
        rows: [
            ["南京", "2017", "11715.1", "0.8530", "  spaced & <tagged> \"quoted\""],
            ["Wuxi", "2018", "1.23457e+06", "0.0001", "line\nbreak, comma; tab\there"],
            ["Suzhou", "-3", "-0.5", "", "_x0041_ is not A; \u{1} control"],
            ["Changzhou", "", "", "1", ""],
        ],
        rightAligned: [1, 2, 3])

    @Test("a table read back by the reader equals the table: text, whole numbers, decimals, percentages, empty cells", .tags(.invariant))
    func roundTrip() throws {
        let sheet = WorkbookSheet(name: "数据", table: Self.table, isPercent: { $0 == "p_meet" })
        #expect(sheet.formats == [.text, .integer, .decimal, .percent, .text])
        let document = try readBack(try WorkbookWriter.data([sheet]), sheet: "数据")
        #expect(document.header == Self.table.header)
        #expect(document.records.map(\.line) == [2, 3, 4, 5])
        for (record, row) in zip(document.records, Self.table.rows) {
            #expect(zip(record.fields, row).allSatisfy(sameCell), "\(record.fields) ≠ \(row)")
        }
        #expect(document.records[0].fields[3] == "85.3%")
        #expect(document.records[1].fields[2] == "1234570")
        #expect(document.records[2].fields[4] == "_x0041_ is not A; \u{1} control")
    }

    @Test("several tables, one sheet each, the first one selected; each sheet found by name")
    func severalSheets() throws {
        let other = TextTable(header: ["a"], rows: [["x"]])
        let data = try WorkbookWriter.data([WorkbookSheet(name: "first", table: Self.table), WorkbookSheet(name: "second", table: other)])
        #expect(CSVDocument.read(DataFile(name: "w.xlsx", bytes: data)).document?.file == "w.xlsx#first")
        #expect(try readBack(data, sheet: "second").records.map(\.fields) == [["x"]])
    }

    @Test("the same tables give the same bytes, with every ZIP entry dated 1980-01-01 00:00", .tags(.invariant))
    func deterministic() throws {
        let sheets = [WorkbookSheet(name: "t", table: Self.table)]
        let first = try WorkbookWriter.data(sheets)
        let second = try WorkbookWriter.data(sheets)
        #expect(first == second)
        let bytes = [UInt8](first)
        var headers = 0
        for index in 0..<(bytes.count - 14) where bytes[index] == 0x50 && bytes[index + 1] == 0x4B && bytes[index + 2] == 3 && bytes[index + 3] == 4 {
            headers += 1
            #expect(bytes[(index + 10)..<(index + 14)] == [0, 0, 0x21, 0])  // DOS time 00:00:00, date 1980-01-01
        }
        #expect(headers == 7)  // content types, two relationship parts, workbook, styles, shared strings, one sheet
    }

    @Test("sheet names are made valid and unique", arguments: [
        ("目标差距", [], "目标差距"),
        ("a[b]:c*d?e/f\\g", [], "a_b__c_d_e_f_g"),
        ("'quoted'", [], "quoted"),
        ("", [], "Sheet"),
        ("History", [], "History (2)"),
        ("gaps", ["Gaps"], "gaps (2)"),
        ("gaps", ["gaps", "gaps (2)"], "gaps (3)"),
        ("a very long sheet name of more than thirty-one characters", [], "a very long sheet name of more "),
        ("a very long sheet name of more than thirty-one characters", ["a very long sheet name of more "], "a very long sheet name of m (2)"),
    ] as [(String, [String], String)])
    func sheetNames(proposed: String, used: [String], expected: String) {
        #expect(WorkbookWriter.sheetName(proposed, avoiding: used) == expected)
    }

    @Test("a cell longer than a spreadsheet cell holds is an error naming sheet and cell")
    func tooLong() {
        let table = TextTable(header: ["a"], rows: [[String(repeating: "x", count: 32_768)]])
        #expect(throws: WorkbookWriterError.cellTooLong(sheet: "t", cell: "A2")) {
            try WorkbookWriter.data([WorkbookSheet(name: "t", table: table)])
        }
    }

    @Test("results.xlsx of the default run: every sheet read back equals its CSV table", .tags(.invariant), arguments: Language.allCases)
    func results(language: Language) throws {
        let (run, names) = Runs.sunan
        let sheets = ResultsWorkbook.sheets(run, names: names, language: language)
        #expect(sheets.map(\.name) == (language == .zh ? ["目标差距", "城市对比", "预测", "计划与实际"] : ["gaps", "cities", "forecasts", "plan-vs-actual"]))
        let tables = [ScenarioTables.gaps(run), CityComparison.table(run, names: names, language: language),
                      ScenarioTables.forecasts(run), ScenarioTables.planVersusActual(run)]
        let data = try ResultsWorkbook.data(run, names: names, language: language)
        for (sheet, table) in zip(sheets, tables) {
            let document = try readBack(data, sheet: sheet.name)
            #expect(document.header == table.header)
            let nonEmptyRows = table.rows.filter { $0.contains { !$0.isEmpty } }
            #expect(document.records.count == nonEmptyRows.count)
            for (record, row) in zip(document.records, nonEmptyRows) {
                #expect(zip(record.fields, row).allSatisfy(sameCell), "\(sheet.name): \(record.fields) ≠ \(row)")
            }
        }
        let gaps = sheets[0]
        func format(_ column: String) -> WorkbookColumnFormat? { gaps.header.firstIndex(of: column).map { gaps.formats[$0] } }
        #expect(format("p_meet") == .percent && format("historical_cagr") == .percent && format("gap_pct") == .decimal)
        #expect(format("target_year") == .integer && format("scenario") == .text && format("projected_mean") == .decimal)
    }
}
