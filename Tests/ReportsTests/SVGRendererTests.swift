import Foundation
import Reports
import SunanTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SVG renderer: well-formed XML, escaping, determinism, no scripts or network references, golden output.
@Suite(.tags(.specification)) struct SVGRendererTests {
    /// A fan chart with every layer: history points, derived points, bands, mean, a range target and a point target.
    static let fan: Chart = {
        let years = [2017.0, 2018, 2019, 2020]
        return Chart(
            title: "苏南五市 · contract value <&> \"quoted\"", subtitle: "derived from Jiangsu",
            xAxis: ChartAxis(integerTicks: true, tickCount: 7), yAxis: ChartAxis(title: "亿元", includeZero: true),
            bands: [ChartBand(label: "95 % interval", x: years, lower: [826.6, 640, 700, 860], upper: [826.6, 1330, 1600, 2036],
                              color: ChartPalette.blue, opacity: 0.16),
                    ChartBand(label: "80 % interval", x: years, lower: [826.6, 750, 850, 1024], upper: [826.6, 1140, 1350, 1693],
                              color: ChartPalette.blue, opacity: 0.3)],
            series: [ChartSeries(label: "Observed history", points: [(2012, 350.5), (2013, 410), (2014, 460.25), (2015, 560),
                                                                     (2016, 700), (2017, 826.6)].map { ChartPoint(x: $0.0, y: $0.1) },
                                 style: .lineAndPoints(.circle), color: ChartPalette.grey, lineWidth: 1.5),
                     ChartSeries(label: "Projected mean", points: zip(years, [826.6, 998.2, 1150, 1346.21]).map { ChartPoint(x: $0, y: $1) },
                                 color: ChartPalette.blue),
                     ChartSeries(label: "Actual", points: [ChartPoint(x: 2018, y: 991.4), ChartPoint(x: 2019, y: 1471.5)],
                                 style: .points(.triangle), color: ChartPalette.orange),
                     ChartSeries(label: nil, points: [ChartPoint(x: 2012, y: 300)], style: .points(.hollowCircle), color: "#000000"),
                     ChartSeries(label: "squares", points: [ChartPoint(x: 2013, y: 200)], style: .points(.square), color: "#000000",
                                 dash: "4 4"),
                     ChartSeries(label: "diamonds", points: [ChartPoint(x: 2014, y: 250)], style: .points(.diamond), color: "#000000")],
            targets: [ChartTarget(label: "Target", annotation: "≥ 1000 (2020)", x: 2020, value: 1000, color: ChartPalette.vermillion),
                      ChartTarget(label: "Range", annotation: "400–500", x: 2018, value: 400, upper: 500, color: ChartPalette.reddishPurple)],
            accessibleDescription: "a fan chart")
    }()

    @Test func chartParsesAsXML() {
        let svg = SVGRenderer.render(Self.fan)
        #expect(XML.parseError(svg) == nil)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("contract value &lt;&amp;&gt; &quot;quoted&quot;"))
        #expect(!svg.contains("<script"))
    }

    @Test func inlineChartsHaveNoNamespaceURL() {
        let svg = SVGRenderer.render(Self.fan, standalone: false)
        #expect(XML.parseError(svg) == nil)
        #expect(!svg.contains("http://") && !svg.contains("https://"))
    }

    /// (That the same chart gives the same bytes from run to run is ``goldenFanChart()``: its file was
    /// written by an earlier process.)
    @Test func coordinatesHaveTwoDecimals() throws {
        let first = SVGRenderer.render(Self.fan)
        // Every coordinate-like number in an attribute has exactly two decimals.
        let regex = try Regex(#"(?:x|y|x1|y1|x2|y2|cx|cy|r|width|height)="(-?[0-9.]+)""#)
        let matches = first.matches(of: regex)
        #expect(matches.count >= 50, "only \(matches.count) coordinates found")
        for match in matches {
            let value = String(match.output[1].substring ?? "")
            #expect(value.split(separator: ".").last?.count == 2, "coordinate \(value)")
        }
    }

    @Test func fontListNamesACJKFamilyAndEndsGeneric() {
        #expect(SVGRenderer.fontFamily.contains("'Noto Sans CJK SC'"))
        #expect(SVGRenderer.fontFamily.hasSuffix("sans-serif"))
        #expect(SVGRenderer.render(Self.fan).contains("font-family=\"\(SVGRenderer.fontFamily)\""))
    }

    @Test func smallMultiplesAreOneSVGWithOneLegend() {
        var small = Self.fan
        small.title = "南京"
        let grid = SmallMultiples(title: "城市比较", panels: [Self.fan, small, small, small], columns: 3, sharedYScale: true)
        let svg = SVGRenderer.render(grid)
        #expect(XML.parseError(svg) == nil)
        #expect(svg.components(separatedBy: "<svg").count == 2)
        #expect(svg.components(separatedBy: ">Observed history</text>").count == 2)
        #expect(svg.components(separatedBy: "<g transform=").count == 5)
    }

    @Test func emptyAndDegenerateChartsStillRender() {
        let empty = SVGRenderer.render(Chart())
        #expect(XML.parseError(empty) == nil)
        let flat = Chart(series: [ChartSeries(label: "one", points: [ChartPoint(x: 2020, y: 5)], style: .points(.circle), color: "#000")])
        #expect(XML.parseError(SVGRenderer.render(flat)) == nil)
        let nonFinite = Chart(series: [ChartSeries(label: "missing", points: [ChartPoint(x: 2020, y: .nan), ChartPoint(x: 2021, y: 1)],
                                                   color: "#000")])
        let svg = SVGRenderer.render(nonFinite)
        #expect(XML.parseError(svg) == nil)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(XML.parseError(SVGRenderer.render(SmallMultiples(panels: []))) == nil)
    }

    @Test func controlCharactersAreDroppedFromText() {
        #expect(SVGText.escape("a\u{1}b<") == "ab&lt;")
        #expect(SVGText.coordinate(-0.001) == "0.00")
        // Rounding of the stored binary value, as C's and Python's "%.2f" do: 12.345 is stored as
        // 12.3450000000000006…, 1.005 as 1.00499999999999989…; 0.125 is exact and ties go to the even digit.
        #expect(SVGText.coordinate(12.345) == "12.35")
        #expect(SVGText.coordinate(1.005) == "1.00")
        #expect(SVGText.coordinate(0.125) == "0.12")
        #expect(SVGText.coordinate(-0.005) == "-0.01")
    }

    @Test(.tags(.regression)) func goldenFanChart() throws {
        try Golden.check(SVGRenderer.render(Self.fan), file: "fan-chart.svg")
    }
}
