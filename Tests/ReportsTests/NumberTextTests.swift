import Foundation
import Reports
import SunanTestSupport
import Testing

/// Every style of ``NumberText`` against reference texts restated independently in Python
/// (`Fixtures/number-text.py`, which writes `Fixtures/number-text.csv`).
@Suite(.tags(.specification)) struct NumberTextTests {
    /// The reference rows: style, input, expected text (a missing or malformed fixture throws, failing the test).
    static func references() throws -> [(style: String, input: Double, expected: String)] {
        let url = try Fixture.url("number-text.csv", in: Bundle.module)
        let text = String(decoding: try Fixture.data(at: url), as: UTF8.self)
        let rows = try text.split(separator: "\n").dropFirst().map { line -> (style: String, input: Double, expected: String) in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let input = Double(fields[1]) else {
                throw FixtureError(file: url.path, problem: "malformed row ‘\(line)’")
            }
            return (fields[0], input, fields[2])
        }
        return try Fixture.nonEmpty(rows, from: url)
    }

    /// The Swift function of each style named in the fixture.
    static let styles: [String: @Sendable (Double) -> String] = [
        "value": { NumberText.value($0) },
        "rate": { NumberText.rate($0) },
        "probability": { NumberText.probability($0) },
        "general10": { NumberText.general($0, digits: 10) },
        "general17": { NumberText.general($0, digits: 17) },
        "fixed3": { NumberText.fixed($0, decimals: 3) },
        "positional2": { NumberText.positional($0, decimals: 2) },
        "significant": { NumberText.significant($0) },
        "trimmed": { NumberText.trimmed($0) },
        "signed": { NumberText.signed($0) },
        "plain": { NumberText.plain($0) },
        "percent_zh": { NumberText.percent($0, .zh) },
        "percent_en": { NumberText.percent($0, .en) },
        "chance_zh": { NumberText.chance($0, .zh) },
        "chance_en": { NumberText.chance($0, .en) },
        "percent_of_draws": { NumberText.percentOfDraws($0) },
        "signed_rate": { NumberText.signedRate($0) },
        "signed_percent": { NumberText.signedPercent($0) },
        "uplift_percent": { NumberText.upliftPercent($0) },
        "level": { NumberText.level($0) },
    ]

    @Test(.tags(.reference)) func everyStyleMatchesItsReferenceTexts() throws {
        let references = try Self.references()
        #expect(Set(references.map(\.style)) == Set(Self.styles.keys))
        #expect(references.count > 800)
        for reference in references {
            guard let style = Self.styles[reference.style] else { continue }
            #expect(style(reference.input) == reference.expected, "\(reference.style)(\(reference.input))")
        }
    }

    @Test func missingValuesAreEmpty() {
        #expect(NumberText.value(nil) == "" && NumberText.trimmed(nil) == "" && NumberText.signed(nil) == "")
        #expect(NumberText.percent(nil, .en) == "" && NumberText.chance(nil, .zh) == "" && NumberText.percentOfDraws(nil) == "")
        #expect(NumberText.upliftPercent(nil) == "—")
    }

    /// The C formats through `strfromd` give the text of the `String(format:)` / `vsnprintf` path they replace,
    /// on doubles of every magnitude (random bit patterns) and on the magnitudes sunan writes.
    @Test(arguments: ["%.10g", "%.6g", "%.4g", "%.17g", "%g", "%.4f", "%.3f", "%.1f", "%.0f"])
    func singleConversionsMatchTheFoundationFormatter(format: String) {
        var generator = SeededGenerator(seed: 12)
        var mismatches: [Double] = []
        for index in 0..<20_000 {
            let x = index.isMultiple(of: 2)
                ? Double(bitPattern: generator.next())
                : Double.random(in: -1...1, using: &generator) * pow(10, Double(Int.random(in: -8...12, using: &generator)))
            guard x.isFinite else { continue }
            let actual: String
            switch format {
            case "%g":
                guard x != x.rounded() else { continue }   // plain writes whole numbers itself
                actual = NumberText.plain(x)
            case let general where general.hasSuffix("g"): actual = NumberText.general(x, digits: Int(general.dropFirst(2).dropLast())!)
            default: actual = NumberText.fixed(x, decimals: Int(format.dropFirst(2).dropLast())!)
            }
            if actual != String(format: format, x) { mismatches.append(x) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// `%.Ng` rounds the exact binary value, ties to even, as C does: exact decimal ties (odd multiples of
    /// 5 one digit beyond N), exact binary halves, values a unit in the last place around a tie, and
    /// values that round up to the next power of ten.
    @Test(arguments: [1, 2, 4, 6, 10, 12, 15])
    func generalRoundsTiesAsTheCLibrary(digits: Int) {
        var generator = SeededGenerator(seed: UInt64(digits))
        var values: [Double] = []
        let limit = Int64(pow(10, Double(min(digits, 15))) - 1)
        for _ in 0..<2_000 {
            let tie = Double(Int64.random(in: 1...limit, using: &generator) * 10 + 5) * pow(10, Double(Int.random(in: -3...3, using: &generator)))
            let half = Double(2 * Int64.random(in: 0...(1 << 40), using: &generator) + 1) / pow(2, Double(Int.random(in: 1...30, using: &generator)))
            let nines = (10 - 5 * pow(10, -Double(digits))) * pow(10, Double(Int.random(in: -12...20, using: &generator)))
            values += [tie, tie.nextUp, tie.nextDown, half, half.nextUp, half.nextDown, nines, nines.nextUp, nines.nextDown]
        }
        let format = "%.\(digits)g"
        let mismatches = (values + values.map { -$0 }).filter { NumberText.general($0, digits: digits) != String(format: format, $0) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func longTextsFallBackToTheFoundationFormatter() {
        // 327 decimals do not fit the 64-byte buffer: the same text as String(format:).
        let tiny = Double.leastNonzeroMagnitude
        #expect(NumberText.significant(tiny) == String(format: "%.327f", tiny))
        #expect(NumberText.fixed(1e300, decimals: 2) == String(format: "%.2f", 1e300))
    }
}
