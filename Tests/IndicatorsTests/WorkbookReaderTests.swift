import Foundation
import Indicators
import SunanTestSupport
import Testing

/// The committed workbooks of Tests/Workbooks (written by openpyxl and by LibreOffice with
/// make_workbooks.py), read as the loaders read data files.
enum Workbooks {
    /// Tests/Workbooks, found from this file's location.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workbooks")

    /// The data file `name` (a fixture, optionally with `#Sheet`), named as given.
    static func file(_ name: String) throws -> DataFile {
        let bytes = try Data(contentsOf: folder.appendingPathComponent(DataFile.diskPath(name)))
        return DataFile(name: name, bytes: bytes)
    }

    /// The document of `name`, and every issue.
    static func read(_ name: String) throws -> (document: CSVDocument?, issues: [ValidationIssue]) {
        CSVDocument.read(try file(name))
    }
}

@Suite("Workbook reader on files from two writers", .tags(.specification))
struct WorkbookReaderTests {
    /// What each writer saves in the Data sheet's note and checked columns: LibreOffice keeps the
    /// formula result `Nanjing revised` (t="str") and writes booleans as the numbers 1 and 0; openpyxl
    /// writes a rich-text run `re`+`vised` as an inline string and booleans as t="b".
    static let writers: [(file: String, revised: String, checked: [String])] = [
        ("openpyxl-cells.xlsx", "revised", ["TRUE", "FALSE", "TRUE"]),
        ("libreoffice-cells.xlsx", "Nanjing revised", ["1", "0", "1"]),
    ]

    @Test("the first sheet: strings, numbers, a formula result, booleans, dates and an empty cell", .tags(.reference), arguments: writers)
    func firstSheet(writer: (file: String, revised: String, checked: [String])) throws {
        let (document, issues) = try Workbooks.read(writer.file)
        #expect(issues.isEmpty)
        let table = try #require(document)
        #expect(table.file == "\(writer.file)#Data")
        #expect(table.header == ["region", "indicator", "year", "value", "unit", "note", "checked", "updated"])
        #expect(table.headerLine == 1)
        #expect(table.records.map(\.line) == [2, 3, 4])
        #expect(table.records.map(\.fields) == [
            ["Nanjing", "gdp", "2016", "10503.25", "100m_cny", "first release", writer.checked[0], "2017-06-30"],
            ["Nanjing", "gdp", "2017", "11503.25", "100m_cny", writer.revised, writer.checked[1], "2018-06-30"],
            ["Suzhou", "gdp", "2017", "17319.5", "100m_cny", "苏州", writer.checked[2], ""],
        ])
    }

    @Test("a second sheet chosen by #Sheet, exactly or ignoring case",
          arguments: ["openpyxl-cells.xlsx", "libreoffice-cells.xlsx"], ["#Second", "#second"])
    func secondSheet(file: String, suffix: String) throws {
        let (document, issues) = try Workbooks.read(file + suffix)
        #expect(issues.isEmpty)
        let table = try #require(document)
        #expect(table.file == "\(file)#Second")
        #expect(table.records.map(\.fields) == [["Wuxi", "gdp", "2017", "10511.75"], ["Wuxi", "gdp", "2018", "11438.5"]])
    }

    @Test("the panel loader reads a sheet with the same validation as a CSV", arguments: ["openpyxl-cells.xlsx", "libreoffice-cells.xlsx"])
    func panel(file: String) throws {
        let reading = PanelLoader.read([try Workbooks.file(file)])
        #expect(!reading.hasErrors)
        let nanjing = try #require(reading.panel.series(SeriesKey(region: "Nanjing", indicator: "gdp")))
        #expect(nanjing.years == [2016, 2017])
        #expect(nanjing.values == [10503.25, 11503.25])
        #expect(nanjing.unit == UnitOfMeasure.parse("100m_cny"))
        #expect(reading.panel.observations.first?.attributes["updated"] == "2017-06-30")
    }

    @Test("a merged range below the header reads as its value in every row it covers")
    func mergedCells() throws {
        let (document, issues) = try Workbooks.read("openpyxl-cells.xlsx#Merged")
        #expect(issues.isEmpty)
        #expect(try #require(document).records.map { $0.fields[0] } == ["Nanjing", "Nanjing", "Nanjing"])
    }

    @Test("dates become ISO text in the 1900 and the 1904 date systems (serials by openpyxl's own conversion)", .tags(.reference))
    func dates() throws {
        let standard = try #require(try Workbooks.read("openpyxl-cells.xlsx#Dates").document)
        #expect(standard.records.map { $0.fields[0] } == [
            "1900-01-01", "1900-02-28", "1900-03-01", "2017-06-30 12:00:00", "18:00:00", "2099-12-31 23:59:58",
        ])
        let mac = try #require(try Workbooks.read("openpyxl-1904.xlsx").document)
        #expect(mac.records.map { $0.fields[0] } == ["2017-06-30 12:00:00", "18:00:00", "2099-12-31 23:59:58"])
    }

    @Test("a bad cell is reported at data.xlsx:Sheet1!D7 with the CSV's message")
    func badCell() throws {
        let reading = PanelLoader.read([try Workbooks.file("bad-cell.xlsx")])
        let csv = PanelLoader.read([DataFile(name: "bad-cell.csv", text: """
            region,indicator,year,value,unit
            Nanjing,gdp,2012,7201.57,100m_cny
            Nanjing,gdp,2013,8011.78,100m_cny
            Nanjing,gdp,2014,8820.75,100m_cny
            Nanjing,gdp,2015,9720.77,100m_cny
            Nanjing,gdp,2016,10503.02,100m_cny
            Nanjing,gdp,2017,"12,5",100m_cny
            """)])
        let error = try #require(reading.issues.first)
        let csvError = try #require(csv.issues.first)
        #expect(reading.issues.count == 1 && csv.issues.count == 1)
        #expect(error.location == "bad-cell.xlsx:Sheet1!D7")
        #expect(csvError.location == "bad-cell.csv:7:4")
        #expect(error.description == "bad-cell.xlsx:Sheet1!D7: error: " + csvError.message)
        #expect(reading.panel.observations.count == csv.panel.observations.count)
    }

    @Test("a percentage-formatted value is refused with the fix, not read as a fraction")
    func percent() throws {
        let reading = PanelLoader.read([try Workbooks.file("openpyxl-cells.xlsx#Percent")])
        #expect(reading.issues.map(\.description) == [
            "openpyxl-cells.xlsx:Percent!D2: error: value ‘3.12%’ in column ‘value’ is not a number: the cell shows a percentage; write the number 3.12 with the unit ‘%’, or 0.0312 without a percent format",
        ])
    }

    @Test("a year written as a date, or typed into a date-formatted cell, is refused with the fix")
    func yearAsDate() throws {
        let reading = PanelLoader.read([try Workbooks.file("openpyxl-cells.xlsx#YearAsDate")])
        #expect(reading.issues.map(\.description) == [
            "openpyxl-cells.xlsx:YearAsDate!C2: error: year ‘2017-01-01’ is not a whole number: a date is not a year; write the plain number 2017 in a cell formatted as General (常规)",
            "openpyxl-cells.xlsx:YearAsDate!C3: error: year ‘1905-07-10’ is not a whole number: the cell holds the number 2018 shown with a date format; format the column as General (常规)",
        ])
    }

    @Test("a formula without a saved result is an error at its cell")
    func formulaWithoutResult() throws {
        let (document, issues) = try Workbooks.read("openpyxl-cells.xlsx#Formula")
        #expect(issues.map(\.location) == ["openpyxl-cells.xlsx:Formula!D2"])
        #expect(issues.first?.message.contains("formula without a saved result") == true)
        #expect(try #require(document).records.isEmpty)
    }

    @Test("a sheet that does not exist is an error naming the sheets there are")
    func missingSheet() throws {
        let (document, issues) = try Workbooks.read("libreoffice-cells.xlsx#Summary")
        #expect(document == nil)
        #expect(issues.map(\.description) == [
            "libreoffice-cells.xlsx: error: the workbook has no sheet ‘Summary’; its sheets are ‘Data’, ‘Second’",
        ])
    }

    @Test("the validator recognises a workbook's kind from its header and counts its rows")
    func check() throws {
        let report = DataValidator.check([try Workbooks.file("sunan-cities.xlsx")])
        #expect(!report.hasErrors)
        #expect(report.files.map(\.kind) == [.panel])
        #expect(report.files.map(\.rowCount) == [462])
    }

    /// LibreOffice saves numbers with 15 significant digits: the six values of the CSV written with 16
    /// or 17 (such as 949904.9999999999) arrive rounded (949905); everything else is identical.
    @Test("the shipped city CSV saved by LibreOffice gives the same panel as the CSV, to LibreOffice's 15 digits", .tags(.reference))
    func shippedCities() throws {
        let csvPath = Workbooks.folder.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("notebooks-data/sunan-cities.csv").path
        let csv = PanelLoader.read(paths: [csvPath])
        let workbook = PanelLoader.read([try Workbooks.file("sunan-cities.xlsx")])
        #expect(workbook.issues.map(\.message) == csv.issues.map(\.message))
        let pairs = zip(workbook.panel.observations, csv.panel.observations)
        #expect(workbook.panel.observations.count == csv.panel.observations.count)
        #expect(pairs.allSatisfy { read, expected in
            let rounded = Observation(region: expected.region, indicator: expected.indicator, year: expected.year,
                                      period: expected.period, value: read.value, unit: expected.unit, quality: expected.quality,
                                      source: expected.source, note: expected.note, attributes: expected.attributes)
            return rounded == read && abs(read.value - expected.value) <= 1e-15 * abs(expected.value)
        })
        #expect(pairs.filter { $0.value != $1.value }.map(\.1.value) == [
            949904.9999999999, 7330167.999999999, 8313075.999999999, 4002283.9999999995, 6580300.999999999, 471352.00000000006,
        ])
    }
}

@Suite("Workbook positions", .tags(.specification))
struct WorkbookPositionTests {
    @Test("column letters", .tags(.reference),
          arguments: [(1, "A"), (4, "D"), (26, "Z"), (27, "AA"), (52, "AZ"), (703, "AAA"), (16_384, "XFD")])
    func letters(column: Int, letters: String) {
        #expect(WorkbookReference.columnLetters(column) == letters)
    }

    @Test("locations of cells, rows and sheets, with sheet names quoted as formulas quote them", arguments: [
        ("data.xlsx#Sheet1", 7, 4, "data.xlsx:Sheet1!D7"),
        ("data.xlsx#Sheet1", 7, nil, "data.xlsx:Sheet1!7:7"),
        ("data.xlsx#Sheet1", nil, nil, "data.xlsx:Sheet1"),
        ("data.xlsx#数据", 2, 3, "data.xlsx:数据!C2"),
        ("data.xlsx#My data", 2, 1, "data.xlsx:'My data'!A2"),
        ("data.xlsx#2020", 2, 1, "data.xlsx:'2020'!A2"),
        ("data.xlsx#AB12", 2, 1, "data.xlsx:'AB12'!A2"),
        ("data.xlsx#it's", 2, 1, "data.xlsx:'it''s'!A2"),
        ("data.xlsx", nil, nil, "data.xlsx"),
        ("data.csv", 7, 4, "data.csv:7:4"),
        ("dir.xlsx#x/data.csv", 7, 4, "dir.xlsx#x/data.csv:7:4"),
    ] as [(String, Int?, Int?, String)])
    func locations(file: String, line: Int?, column: Int?, expected: String) {
        #expect(ValidationIssue.error(file, line: line, column: column, "x").location == expected)
    }

    @Test("file names with a sheet", arguments: [
        ("data.xlsx", "data.xlsx", nil), ("DATA.XLSX#Sheet2", "DATA.XLSX", "Sheet2"), ("a/b.xlsx#数据 2", "a/b.xlsx", "数据 2"),
        ("b.xlsx#", "b.xlsx", nil), ("b.xlsx#x#y", "b.xlsx", "x#y"),
    ] as [(String, String, String?)])
    func references(name: String, path: String, sheet: String?) throws {
        let reference = try #require(WorkbookReference(name))
        #expect(reference.path == path && reference.sheet == sheet)
        #expect(DataFile.diskPath(name) == path)
    }

    @Test("names that are not workbooks", arguments: ["data.csv", "data.xlsx.csv", "x.xlsx#a/b.csv", "data.xls"])
    func notWorkbooks(name: String) {
        #expect(WorkbookReference(name) == nil)
        #expect(DataFile.diskPath(name) == name)
    }
}
