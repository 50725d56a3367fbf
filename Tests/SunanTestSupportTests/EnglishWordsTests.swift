import SunanTestSupport
import Testing

/// The English-word scanner of the Chinese outputs: what it counts and what it allows.
@Suite("English words in Chinese text", .tags(.specification))
struct EnglishWordsTests {
    static let scanner = EnglishWords(codes: ["Z2020-contract-value", "Z2020-contract-value/Nanjing", "plus10", "baseline"])

    @Test("codes, acronyms, file names, addresses, numbers and one-letter symbols are not words",
          arguments: [
              "按基准情景，2020年预计为1346亿元（Z2020-contract-value）。",
              "Z2020-contract-value/Nanjing 南京；情景 baseline 与 plus10",
              "R&D经费、GDP、CSV与HTML；据CSMAR与CEIC整理",
              "推算规则详见 gaps.csv 和 results.json；目标见 notebooks-data/targets.csv。",
              "来源：https://tjj.suzhou.gov.cn/sztjj/a.shtml?id=3",
              "第 t 年的结果乘以 r^ε；标准误 √(p(1 − p)/n)",
              "≥ 1000 亿元，80% 区间 1024–1693，+10%/年",
          ])
    func allowed(_ text: String) {
        #expect(Self.scanner.words(in: text) == [])
    }

    @Test("English words are found, in order and with repeats",
          arguments: [
              ("loglinear, 2010–2017 (8 years), trend growth 15.8 %/yr", ["loglinear", "years", "trend", "growth", "%/yr"]),
              ("由 sunan 生成；Nanjing 与 Nanjing", ["sunan", "Nanjing", "Nanjing"]),
              ("the city's share", ["the", "city's", "share"]),
              ("Z2018-contract-value 不在代码表中", ["Z2018-contract-value"]),
              ("data.csvx 与 report.html", ["data.csvx"]),
          ])
    func found(_ text: String, _ expected: [String]) {
        #expect(Self.scanner.words(in: text) == expected)
    }

    @Test("an HTML page's visible text: tags and the style sheet removed, chart text and entities kept")
    func visibleText() {
        let html = #"<html><head><style>body { font-family: sans-serif; }</style></head><body><p lang="en">R&amp;D &lt;总额&gt;</p><svg><text>baseline · 基准</text></svg></body></html>"#
        let text = EnglishWords.visibleText(html: html)
        #expect(!text.contains("font") && !text.contains("lang"))
        #expect(text.contains("R&D <总额>") && text.contains("baseline · 基准"))
        #expect(Self.scanner.words(in: text) == [])
    }
}
