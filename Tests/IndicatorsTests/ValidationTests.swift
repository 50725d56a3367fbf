import Foundation
import Indicators
import SunanTestSupport
import Testing

/// One test per problem class of issue 3, each asserting the exact `file:line` (and column) of the message.
@Suite("Validation of panel files", .tags(.specification))
struct ValidationTests {
    static let header = "region,indicator,year,period,value,unit,quality,source\n"

    @Test func missingRequiredColumnsAreNamedOnTheHeaderLine() {
        let reading = Support.read("\n\nregion,indicator,amount\nNanjing,gdp,1\n", name: "nocols.csv")
        #expect(Support.errors(reading.issues) == [
            "nocols.csv:3: error: the header lacks the required columns ‘year’, ‘value’; a data file needs at least region,indicator,year,value",
        ])
        #expect(reading.panel.observations.isEmpty)
    }

    @Test func nonNumericValueIsReportedWithLineAndColumn() {
        let text = Self.header + "Nanjing,gdp,2017,year,11715.1,100m_cny,official,x\nNanjing,gdp,2018,year,12 820,100m_cny,official,x\nNanjing,gdp,2019,year,\"1,400\",100m_cny,official,x\n"
        let reading = Support.read(text, name: "values.csv")
        #expect(Support.errors(reading.issues) == [
            "values.csv:3:5: error: value ‘12 820’ in column ‘value’ is not a number",
            "values.csv:4:5: error: value ‘1,400’ in column ‘value’ is not a number: remove the thousands separators",
        ])
        #expect(reading.panel.observations.count == 1)
    }

    @Test func duplicateRowNamesBothLines() {
        let text = Self.header + "Wuxi,rd_expenditure,2021,year,450,100m_cny,lower_bound,a\nWuxi,rd_expenditure,2021,Q1-3,300,100m_cny,official,b\nWuxi,rd_expenditure,2021,year,445,100m_cny,lower_bound,c\n"
        let reading = Support.read(text, name: "dup.csv")
        #expect(Support.errors(reading.issues) == [
            "dup.csv:4: error: duplicate row: Wuxi × rd_expenditure × 2021 × period ‘year’ already appears at dup.csv:2; keep one row per region, indicator, year and period",
        ])
        #expect(reading.panel.series(region: "Wuxi", indicator: "rd_expenditure")?.values == [450])
        #expect(reading.panel.partYearObservations(SeriesKey(region: "Wuxi", indicator: "rd_expenditure")).count == 1)
    }

    @Test func duplicateAcrossFilesNamesTheOtherFile() {
        let first = DataFile(name: "a.csv", text: Self.header + "Wuxi,gdp,2020,year,1,100m_cny,official,s\n")
        let second = DataFile(name: "b.csv", text: Self.header + "Wuxi,gdp,2019,year,1,100m_cny,official,s\nWuxi,gdp,2020,year,2,100m_cny,official,s\n")
        let reading = PanelLoader.read([first, second])
        #expect(Support.errors(reading.issues) == [
            "b.csv:3: error: duplicate row: Wuxi × gdp × 2020 × period ‘year’ already appears at a.csv:2; keep one row per region, indicator, year and period",
        ])
    }

    @Test func yearOutOfRangeOrNotAWholeNumber() {
        let text = Self.header + "Suzhou,gdp,1850,year,1,100m_cny,official,s\nSuzhou,gdp,20x9,year,1,100m_cny,official,s\nSuzhou,gdp,2300,year,1,100m_cny,official,s\n"
        let reading = Support.read(text, name: "years.csv")
        #expect(Support.errors(reading.issues) == [
            "years.csv:2:3: error: year 1850 is out of range (expected 1949–2100)",
            "years.csv:3:3: error: year ‘20x9’ is not a whole number such as 2018",
            "years.csv:4:3: error: year 2300 is out of range (expected 1949–2100)",
        ])
    }

    @Test func negativeValuesOnlyForSignedIndicators() {
        let text = Self.header + "Suzhou,gdp,2019,year,-5,100m_cny,official,s\nSuzhou,gdp_growth,2019,year,-1.5,percent,official,s\n"
        let reading = Support.read(text, name: "neg.csv")
        #expect(Support.errors(reading.issues) == [
            "neg.csv:2:5: error: value -5 is negative, but ‘gdp’ cannot be negative (only growth, change, balance and net indicators may be)",
        ])
        #expect(reading.panel.series(region: "Suzhou", indicator: "gdp_growth")?.values == [-1.5])
    }

    @Test func mixedUnitsWithinOneSeries() {
        let text = Self.header + "Jiangsu,tech_contract_value,2020,year,2335.8,亿元,official,s\nJiangsu,tech_contract_value,2021,year,30135600,万元,official,s\nJiangsu,tech_contract_value,2022,year,3888.4,100m_cny,official,s\n"
        let reading = Support.read(text, name: "units.csv")
        #expect(Support.errors(reading.issues) == [
            "units.csv:3:6: error: unit ‘10k_cny’ differs from unit ‘100m_cny’ of the same series Jiangsu/tech_contract_value at units.csv:2; one series must use one unit — convert the values first",
        ])
        #expect(reading.panel.series(region: "Jiangsu", indicator: "tech_contract_value")?.years == [2020, 2022])
    }

    @Test func legacyChineseEncodingSuggestsIconv() {
        var bytes = Array(Self.header.utf8) + Array("Nanjing,".utf8)
        bytes += [0xC4, 0xCF, 0xBE, 0xA9]  // 南京 in GBK
        bytes += Array(",2017,year,1,100m_cny,official,s\n".utf8)
        let reading = PanelLoader.read([DataFile(name: "gbk.csv", bytes: Data(bytes))])
        #expect(Support.errors(reading.issues) == [
            "gbk.csv:2:9: error: the file is not UTF-8: its bytes look like the legacy Chinese encoding GBK/GB18030 (as saved by Excel on Chinese Windows); convert it with `iconv -f GB18030 -t UTF-8 gbk.csv > converted.csv`",
        ])
    }

    @Test func emptyFilesAreErrors() {
        for content in ["", "\u{FEFF}", "  \n\r\n"] {
            let reading = Support.read(content, name: "empty.csv")
            #expect(Support.errors(reading.issues) == ["empty.csv:1: error: the file is empty: expected a header line and data rows"])
        }
    }

    @Test func raggedRowsAndUnclosedQuotes() {
        let text = Self.header + "Nanjing,gdp,2017,year,1,100m_cny,official\nNanjing,gdp,2018,year,1,100m_cny,official,s,extra\nNanjing,gdp,2019,year,1,100m_cny,official,\"never closed\n"
        let reading = Support.read(text, name: "ragged.csv")
        #expect(Support.errors(reading.issues) == [
            "ragged.csv:2:8: error: the row has 7 fields but the header has 8; check for a stray or missing comma or an unquoted comma inside a value",
            "ragged.csv:3:9: error: the row has 9 fields but the header has 8; check for a stray or missing comma or an unquoted comma inside a value",
            "ragged.csv:4:8: error: a quoted field opened on this line is never closed; the rest of the file was read as one field",
        ])
    }

    @Test func utf16IsRefusedWithAHint() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("r".utf8) + [0]
        let reading = PanelLoader.read([DataFile(name: "u16.csv", bytes: Data(bytes))])
        #expect(Support.errors(reading.issues) == [
            "u16.csv:1:1: error: the file is UTF-16 encoded; save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 u16.csv > converted.csv`",
        ])
    }

    @Test func everyProblemIsReportedAtOnceInLineOrder() {
        let text = Self.header + "Nanjing,gdp,2017,year,abc,100m_cny,official,s\nNanjing,gdp,1800,year,1,100m_cny,official,s\nNanjing,gdp,2019,year,-2,100m_cny,official,s\n"
        let reading = Support.read(text, name: "many.csv")
        #expect(reading.issues.compactMap(\.line) == [2, 3, 4])
        #expect(reading.hasErrors)
    }

    @Test func lineNumbersFollowQuotedLineBreaksAndBOM() {
        let text = "\u{FEFF}region,indicator,year,value,note\r\nNanjing,gdp,2017,1,\"two\r\nlines\"\r\n\r\nNanjing,gdp,2018,x,\"\"\"quoted\"\"\"\r\n"
        let reading = Support.read(text, name: "crlf.csv")
        #expect(Support.errors(reading.issues) == ["crlf.csv:5:4: error: value ‘x’ in column ‘value’ is not a number"])
        let observation = reading.panel.observations.first
        #expect(observation?.note == "two\r\nlines")
        #expect(observation?.unit == .unspecified)
    }

    @Test func warningsDoNotRejectTheFile() {
        let text = "region,indicator,year,value,unit,quality\nNanjing,gdp,2017,1,parsecs,rumour\nNanjing,gdp,2018,,parsecs,official\n"
        let reading = Support.read(text, name: "warn.csv")
        #expect(!reading.hasErrors)
        #expect(reading.issues.map(\.description) == [
            "warn.csv:2:5: warning: unit ‘parsecs’ is not known (1 row, first here); its values are kept but cannot be converted",
            "warn.csv:2:6: warning: quality flag ‘rumour’ is not one of official, derived, reprint, approximate, lower_bound, verify (1 row, first here)",
            "warn.csv:3:4: warning: 1 row has an empty value (first here); they are treated as missing, not as zero",
        ])
    }

    @Test func loadThrowsWithEveryIssue() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sunan-missing-\(UInt32.random(in: 0...UInt32.max)).csv").path
        #expect(throws: ValidationFailure.self) { try PanelLoader.load(paths: [path]) }
        let reading = PanelLoader.read(paths: [path])
        #expect(reading.issues.map(\.description) == ["\(path): error: no such file"])
    }

    @Test func partYearRowsStayOutOfAnnualSeries() {
        let text = "region,indicator,year,period,value,unit\nSunan,tech_contract_value,2018,Jan-May,571.13,100m_cny\nNanjing,tech_contract_value,2017,year,284.75,100m_cny\nNanjing,tech_contract_value,2018,Q1-3,410,100m_cny\n"
        let reading = Support.read(text)
        #expect(!reading.hasErrors)
        #expect(reading.panel.seriesKeys == [SeriesKey(region: "Nanjing", indicator: "tech_contract_value")])
        #expect(reading.panel.series(region: "Nanjing", indicator: "tech_contract_value")?.points == [YearValue(year: 2017, value: 284.75)])
        #expect(reading.panel.partYearObservationCount == 2)
    }
}
