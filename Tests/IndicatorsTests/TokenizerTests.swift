import CSV
import Foundation
@testable import Indicators
import PropertyBased
import SunanTestSupport
import Testing

/// The tokenizer agrees field for field with CSV.swift (the reference reader) on every input it accepts,
/// and knows the line of each record.
@Suite("CSV tokenizer", .tags(.reference))
struct TokenizerTests {
    static let fragments: [[UInt8]] = [
        Array(",".utf8), Array("\"".utf8), Array("\"\"".utf8), Array("\n".utf8), Array("\r".utf8), Array("\r\n".utf8),
        Array("a".utf8), Array("12.5".utf8), Array(" ".utf8), Array("南京".utf8), Array("亿元".utf8), [0xEF, 0xBB, 0xBF],
        Array("\"x,y\"".utf8), Array("\"line\nbreak\"".utf8), Array("\"say \"\"hi\"\"\"".utf8),
    ]
    static let spliced = Gen.int(in: 0...(fragments.count - 1)).array(of: 0...50).map { indices in
        indices.flatMap { fragments[$0] }
    }

    static func reference(_ bytes: [UInt8]) -> [[String]] {
        guard let reader = try? CSVReader(stream: InputStream(data: Data(bytes)), hasHeaderRow: false) else { return [] }
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }

    /// Inputs with a problem have no reference to agree with and are left out, so the property counts the
    /// inputs it did compare: about 235 of 1000 are well formed (175 of them with quotes; standard deviation
    /// about 13 over random seeds), and it needs at least these floors, four standard deviations lower.
    static let comparedFloor = (all: 180, withQuotes: 120)

    @Test func agreesWithCSVSwiftOnWellFormedInput() async {
        var compared = 0, comparedWithQuotes = 0
        await propertyCheck(count: 1000, input: Self.spliced) { bytes in
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            let result = CSVTokenizer.tokenize(bytes, from: start)
            guard result.problems.isEmpty else { return }
            compared += 1
            if bytes.contains(UInt8(ascii: "\"")) { comparedWithQuotes += 1 }
            #expect(result.records.map(\.fields) == Self.reference(bytes), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        #expect(compared >= Self.comparedFloor.all, "only \(compared) of 1000 inputs were well formed and compared")
        #expect(comparedWithQuotes >= Self.comparedFloor.withQuotes, "only \(comparedWithQuotes) compared inputs had a quote")
    }

    @Test func agreesWithCSVSwiftOnTheShippedFiles() throws {
        for name in ["sunan-cities.csv", "targets.csv", "regions.csv", "cities.csv"] {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Support.shipped(name))))
            let result = CSVTokenizer.tokenize(bytes, from: 0)
            #expect(result.problems.isEmpty)
            #expect(result.records.map(\.fields) == Self.reference(bytes), "\(name)")
        }
    }

    @Test func recordsKnowTheirLines() {
        let bytes = Array("h1,h2\r\n\"a\nb\",c\n\nd,\"e\r\nf\"\rg,h".utf8)
        let result = CSVTokenizer.tokenize(bytes, from: 0)
        #expect(result.records.map(\.line) == [1, 2, 4, 5, 7])
        #expect(result.records.map(\.fields) == [["h1", "h2"], ["a\nb", "c"], [""], ["d", "e\r\nf"], ["g", "h"]])
    }

    @Test(.tags(.specification)) func textAfterAClosingQuoteIsReported() {
        let result = CSVTokenizer.tokenize(Array("a,b\n\"x\"y,z\n".utf8), from: 0)
        #expect(result.problems.map { "\($0.line):\($0.column)" } == ["2:1"])
        #expect(result.records.last?.fields == ["xy", "z"])
    }

    /// Fields lose the whitespace around them, ASCII or not (no-break, em and ideographic spaces), and keep
    /// what is inside: the same as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)`.
    @Test func fieldsAreTrimmedOfUnicodeWhitespace() throws {
        var generator = SeededGenerator(seed: 3)
        let spaces = ["", " ", "\t", "\u{00A0}", "\u{3000}", "\u{2003}", " \u{3000}\t"]
        let contents = ["a", "南京", "1 2", "\u{3000}x\u{3000}y", "", "12.5"]
        var lines: [String] = []
        var expected: [[String]] = []
        for _ in 0..<300 {
            let raw = (0..<2).map { _ in
                spaces.randomElement(using: &generator)! + contents.randomElement(using: &generator)! + spaces.randomElement(using: &generator)!
            }
            let trimmed = raw.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            lines.append(raw.joined(separator: ","))
            if !trimmed.allSatisfy(\.isEmpty) { expected.append(trimmed) }
        }
        let (document, issues) = CSVDocument.read(DataFile(name: "spaces.csv", text: "h1,h2\n" + lines.joined(separator: "\n") + "\n"))
        #expect(issues.isEmpty)
        #expect(try #require(document).records.map(\.fields) == expected)
    }
}
