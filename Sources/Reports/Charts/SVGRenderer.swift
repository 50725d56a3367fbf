import Foundation

/// Renders ``Chart`` and ``SmallMultiples`` values to SVG text of our own: no scripts, no external
/// fonts, images or links; coordinates with two fixed decimals so the same chart gives the same bytes.
///
/// The font-family list names CJK-capable families before the generic `sans-serif`, so Chinese labels
/// render with whatever of them is installed.
public enum SVGRenderer {
    /// The font families used for every text, ending in the generic family.
    public static let fontFamily = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', "
        + "'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif"

    /// Base font size in pixels.
    static let fontSize = 12.0

    /// One chart as an `<svg>` element. With `standalone` (the default) the element declares the SVG
    /// namespace, as a `.svg` file needs; without it the element is meant for inline use in HTML5,
    /// where the namespace is implied (and the page then holds no `http://` text at all).
    public static func render(_ chart: Chart, standalone: Bool = true) -> String {
        var lines = [open(width: chart.width, height: chart.height, standalone: standalone,
                          description: chart.accessibleDescription.isEmpty ? chart.title : chart.accessibleDescription)]
        lines += ChartDrawing(chart: chart, yDomain: nil).elements()
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A grid of panels with one legend under it, as one `<svg>` element (panels are `<g>` groups, so the
    /// output holds exactly one `<svg>`). `standalone` as for a single chart.
    public static func render(_ grid: SmallMultiples, standalone: Bool = true) -> String {
        let width = grid.panelWidth * Double(min(grid.columns, max(grid.panels.count, 1)))
        let rows = (grid.panels.count + grid.columns - 1) / grid.columns
        let titleHeight = grid.title.isEmpty ? 0.0 : 26
        let entries = LegendEntry.collect(grid.panels)
        let legend = LegendLayout(entries: entries, width: width - 16, fontSize: fontSize)
        let legendHeight = entries.isEmpty ? 0 : legend.height + 8
        let height = titleHeight + Double(rows) * grid.panelHeight + legendHeight
        var shared: ClosedRange<Double>?
        if grid.sharedYScale {
            let values = grid.panels.flatMap(\.yValues)
            if let low = values.min(), let high = values.max() {
                let includeZero = grid.panels.first?.yAxis.includeZero ?? false
                shared = (includeZero ? min(0, low) : low)...(includeZero ? max(0, high) : high)
            }
        }
        var lines = [open(width: width, height: height, standalone: standalone,
                          description: grid.accessibleDescription.isEmpty ? grid.title : grid.accessibleDescription)]
        if !grid.title.isEmpty {
            lines.append("<text x=\"8.00\" y=\"18.00\" font-size=\"15\" font-weight=\"600\" fill=\"#1a1a1a\">"
                         + SVGText.escape(grid.title) + "</text>")
        }
        for (index, panel) in grid.panels.enumerated() {
            var copy = panel
            copy.width = grid.panelWidth
            copy.height = grid.panelHeight
            copy.showLegend = false
            let x = Double(index % grid.columns) * grid.panelWidth
            let y = titleHeight + Double(index / grid.columns) * grid.panelHeight
            lines.append("<g transform=\"translate(\(SVGText.coordinate(x)),\(SVGText.coordinate(y)))\">")
            lines += ChartDrawing(chart: copy, yDomain: shared ?? copy.yDomain).elements()
            lines.append("</g>")
        }
        if !entries.isEmpty {
            lines += legend.elements(x: 8, y: titleHeight + Double(rows) * grid.panelHeight + 4)
        }
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func open(width: Double, height: Double, standalone: Bool, description: String) -> String {
        let namespace = standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : ""
        let w = SVGText.coordinate(width)
        let h = SVGText.coordinate(height)
        return "<svg\(namespace) width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" role=\"img\" "
            + "font-family=\"\(fontFamily)\" font-size=\"\(Int(fontSize))\" aria-label=\"\(SVGText.escape(description))\">\n"
            + "<title>\(SVGText.escape(description))</title>\n"
            + "<rect x=\"0.00\" y=\"0.00\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"
    }
}

/// One legend entry: a swatch and a label.
enum LegendEntry: Equatable {
    case band(label: String, color: String, opacity: Double)
    case series(label: String, style: ChartSeriesStyle, color: String, dash: String?, width: Double)
    case target(label: String, color: String)

    var label: String {
        switch self {
        case let .band(label, _, _), let .series(label, _, _, _, _), let .target(label, _): return label
        }
    }

    /// The entries of `charts` in drawing order, each label once.
    static func collect(_ charts: [Chart]) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        var seen = Set<String>()
        func add(_ entry: LegendEntry) {
            if seen.insert(entry.label).inserted { entries.append(entry) }
        }
        for chart in charts {
            for band in chart.bands { if let label = band.label { add(.band(label: label, color: band.color, opacity: band.opacity)) } }
            for line in chart.series {
                if let label = line.label {
                    add(.series(label: label, style: line.style, color: line.color, dash: line.dash, width: line.lineWidth))
                }
            }
            for target in chart.targets { if let label = target.label { add(.target(label: label, color: target.color)) } }
        }
        return entries
    }
}

/// Entries laid out in rows that wrap at a width.
struct LegendLayout {
    static let swatchWidth = 24.0
    static let rowHeight = 18.0
    let entries: [LegendEntry]
    let fontSize: Double
    /// Position of each entry relative to the legend's top-left corner.
    let positions: [(x: Double, row: Int)]

    init(entries: [LegendEntry], width: Double, fontSize: Double) {
        self.entries = entries
        self.fontSize = fontSize
        var positions: [(Double, Int)] = []
        var x = 0.0
        var row = 0
        for entry in entries {
            let size = Self.swatchWidth + 6 + SVGText.width(entry.label, fontSize: fontSize - 1) + 16
            if x > 0, x + size > width {
                x = 0
                row += 1
            }
            positions.append((x, row))
            x += size
        }
        self.positions = positions
    }

    var height: Double { entries.isEmpty ? 0 : Double((positions.last?.row ?? 0) + 1) * Self.rowHeight }

    func elements(x originX: Double, y originY: Double) -> [String] {
        var lines: [String] = []
        let c = SVGText.coordinate
        for (entry, position) in zip(entries, positions) {
            let x = originX + position.x
            let middle = originY + Double(position.row) * Self.rowHeight + Self.rowHeight / 2
            switch entry {
            case let .band(_, color, opacity):
                lines.append("<rect x=\"\(c(x))\" y=\"\(c(middle - 5))\" width=\"\(c(Self.swatchWidth))\" height=\"10.00\" "
                             + "fill=\"\(color)\" fill-opacity=\"\(c(opacity))\"/>")
            case let .series(_, style, color, dash, width):
                switch style {
                case .line, .lineAndPoints:
                    lines.append("<line x1=\"\(c(x))\" y1=\"\(c(middle))\" x2=\"\(c(x + Self.swatchWidth))\" y2=\"\(c(middle))\" "
                                 + "stroke=\"\(color)\" stroke-width=\"\(c(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
                case .points:
                    break
                }
                switch style {
                case let .points(marker), let .lineAndPoints(marker):
                    lines.append(MarkerShape.svg(marker, x: x + Self.swatchWidth / 2, y: middle, color: color))
                case .line:
                    break
                }
            case let .target(_, color):
                lines.append("<line x1=\"\(c(x))\" y1=\"\(c(middle))\" x2=\"\(c(x + Self.swatchWidth))\" y2=\"\(c(middle))\" "
                             + "stroke=\"\(color)\" stroke-width=\"1.50\" stroke-dasharray=\"5 4\"/>")
                lines.append(MarkerShape.svg(.diamond, x: x + Self.swatchWidth / 2, y: middle, color: color, size: 4.5))
            }
            lines.append("<text x=\"\(c(x + Self.swatchWidth + 6))\" y=\"\(c(middle))\" dy=\"0.35em\" font-size=\"\(Int(fontSize - 1))\" "
                         + "fill=\"#333333\">\(SVGText.escape(entry.label))</text>")
        }
        return lines
    }
}

/// Point markers as SVG elements.
enum MarkerShape {
    static func svg(_ marker: ChartMarker, x: Double, y: Double, color: String, size: Double = 3.5) -> String {
        let c = SVGText.coordinate
        switch marker {
        case .circle:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(size))\" fill=\"\(color)\"/>"
        case .hollowCircle:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(size))\" fill=\"#ffffff\" stroke=\"\(color)\" stroke-width=\"1.50\"/>"
        case .square:
            return "<rect x=\"\(c(x - size))\" y=\"\(c(y - size))\" width=\"\(c(2 * size))\" height=\"\(c(2 * size))\" fill=\"\(color)\"/>"
        case .diamond:
            let r = size * 1.35
            return "<polygon points=\"\(c(x)),\(c(y - r)) \(c(x + r)),\(c(y)) \(c(x)),\(c(y + r)) \(c(x - r)),\(c(y))\" "
                + "fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1.00\"/>"
        case .triangle:
            let r = size * 1.3
            return "<polygon points=\"\(c(x)),\(c(y - r)) \(c(x + r)),\(c(y + r * 0.8)) \(c(x - r)),\(c(y + r * 0.8))\" fill=\"\(color)\"/>"
        }
    }
}

/// The layout and drawing of one chart at the origin of its own coordinate system.
struct ChartDrawing {
    let chart: Chart
    /// A vertical range that overrides the chart's own (shared scales of small multiples).
    let yDomain: ClosedRange<Double>?

    private var fontSize: Double { SVGRenderer.fontSize }

    func elements() -> [String] {
        let c = SVGText.coordinate
        let pad = 8.0
        var lines: [String] = []
        var cursor = pad
        if !chart.title.isEmpty {
            cursor += 15
            lines.append("<text x=\"\(c(pad))\" y=\"\(c(cursor))\" font-size=\"14\" font-weight=\"600\" fill=\"#1a1a1a\">"
                         + SVGText.escape(chart.title) + "</text>")
            cursor += 4
        }
        if !chart.subtitle.isEmpty {
            cursor += 13
            lines.append("<text x=\"\(c(pad))\" y=\"\(c(cursor))\" font-size=\"11\" fill=\"#555555\">"
                         + SVGText.escape(chart.subtitle) + "</text>")
            cursor += 3
        }
        if !chart.yAxis.title.isEmpty {
            cursor += 14
            lines.append("<text x=\"\(c(pad))\" y=\"\(c(cursor))\" font-size=\"11\" fill=\"#555555\">"
                         + SVGText.escape(chart.yAxis.title) + "</text>")
        }
        let top = cursor + 10

        // Vertical scale.
        let values = chart.yValues
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if let fixed = yDomain ?? chart.yDomain {
            low = fixed.lowerBound
            high = fixed.upperBound
        }
        if chart.yAxis.includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        let yTicks = NiceScale.ticks(lower: low, upper: high, count: chart.yAxis.tickCount, integers: chart.yAxis.integerTicks)
        let yMin = yTicks.first ?? 0
        let yMax = yTicks.last ?? 1
        let yDecimals = yTicks.count > 1 ? NiceScale.decimals(step: yTicks[1] - yTicks[0]) : 0
        let yLabels = yTicks.map { NiceScale.label($0, decimals: yDecimals) }
        let labelWidth = yLabels.map { SVGText.width($0, fontSize: fontSize - 1) }.max() ?? 0
        let left = pad + max(labelWidth, 10) + 8

        // Horizontal scale.
        let xs = chart.xValues
        var xLow = xs.min() ?? 0
        var xHigh = xs.max() ?? 1
        if xHigh - xLow < 1e-12 {
            xLow -= 1
            xHigh += 1
        }
        let xSpan = xHigh - xLow
        let xMin = xLow - 0.04 * xSpan
        let xMax = xHigh + 0.04 * xSpan

        // Bottom: tick labels, axis title, legend.
        let right = pad + 10
        let plotWidth = max(chart.width - left - right, 20)
        // No more ticks than their labels have room for.
        let xLabelWidth = [xLow, xHigh].map { SVGText.width(NiceScale.label($0, decimals: 0), fontSize: fontSize - 1) }.max() ?? 20
        let roomFor = max(2, Int(plotWidth / (xLabelWidth + 16)))
        let xTicks = NiceScale.ticks(lower: xLow, upper: xHigh, count: min(chart.xAxis.tickCount, roomFor - 1),
                                     integers: chart.xAxis.integerTicks)
            .filter { $0 >= xLow - 1e-9 && $0 <= xHigh + 1e-9 }
        let xDecimals = xTicks.count > 1 ? NiceScale.decimals(step: xTicks[1] - xTicks[0]) : 0
        let entries = chart.showLegend ? LegendEntry.collect([chart]) : []
        let legend = LegendLayout(entries: entries, width: chart.width - 2 * pad, fontSize: fontSize)
        var bottom = pad + 20
        if !chart.xAxis.title.isEmpty { bottom += 16 }
        if !entries.isEmpty { bottom += legend.height + 6 }
        let plotHeight = max(chart.height - top - bottom, 20)
        let x0 = left, x1 = left + plotWidth, y0 = top, y1 = top + plotHeight

        func sx(_ x: Double) -> Double { x0 + (x - xMin) / (xMax - xMin) * (x1 - x0) }
        func sy(_ y: Double) -> Double { y1 - (y - yMin) / (yMax - yMin) * (y1 - y0) }

        // Grid and axes.
        for (tick, label) in zip(yTicks, yLabels) {
            let y = sy(tick)
            lines.append("<line x1=\"\(c(x0))\" y1=\"\(c(y))\" x2=\"\(c(x1))\" y2=\"\(c(y))\" stroke=\"#e3e3e3\" stroke-width=\"1.00\"/>")
            lines.append("<text x=\"\(c(x0 - 6))\" y=\"\(c(y))\" dy=\"0.35em\" text-anchor=\"end\" font-size=\"\(Int(fontSize - 1))\" "
                         + "fill=\"#555555\">\(SVGText.escape(label))</text>")
        }
        lines.append("<line x1=\"\(c(x0))\" y1=\"\(c(y1))\" x2=\"\(c(x1))\" y2=\"\(c(y1))\" stroke=\"#8c8c8c\" stroke-width=\"1.00\"/>")
        lines.append("<line x1=\"\(c(x0))\" y1=\"\(c(y0))\" x2=\"\(c(x0))\" y2=\"\(c(y1))\" stroke=\"#8c8c8c\" stroke-width=\"1.00\"/>")
        for tick in xTicks {
            let x = sx(tick)
            lines.append("<line x1=\"\(c(x))\" y1=\"\(c(y1))\" x2=\"\(c(x))\" y2=\"\(c(y1 + 4))\" stroke=\"#8c8c8c\" stroke-width=\"1.00\"/>")
            lines.append("<text x=\"\(c(x))\" y=\"\(c(y1 + 16))\" text-anchor=\"middle\" font-size=\"\(Int(fontSize - 1))\" "
                         + "fill=\"#555555\">\(SVGText.escape(NiceScale.label(tick, decimals: xDecimals)))</text>")
        }
        if !chart.xAxis.title.isEmpty {
            lines.append("<text x=\"\(c((x0 + x1) / 2))\" y=\"\(c(y1 + 32))\" text-anchor=\"middle\" font-size=\"11\" "
                         + "fill=\"#555555\">\(SVGText.escape(chart.xAxis.title))</text>")
        }

        // Bands.
        for band in chart.bands {
            let count = min(band.x.count, band.lower.count, band.upper.count)
            guard count > 0 else { continue }
            let indices = (0..<count).filter { band.x[$0].isFinite && band.lower[$0].isFinite && band.upper[$0].isFinite }
            let upper = indices.map { "\(c(sx(band.x[$0]))),\(c(sy(band.upper[$0])))" }
            let lower = indices.reversed().map { "\(c(sx(band.x[$0]))),\(c(sy(band.lower[$0])))" }
            guard !indices.isEmpty else { continue }
            lines.append("<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(band.color)\" "
                         + "fill-opacity=\"\(c(band.opacity))\" stroke=\"none\"/>")
        }

        // Target lines.
        for target in chart.targets {
            for value in [target.value] + (target.upper.map { [$0] } ?? []) where value.isFinite {
                let y = sy(value)
                lines.append("<line x1=\"\(c(x0))\" y1=\"\(c(y))\" x2=\"\(c(x1))\" y2=\"\(c(y))\" stroke=\"\(target.color)\" "
                             + "stroke-width=\"1.50\" stroke-dasharray=\"5 4\"/>")
            }
        }

        // Series.
        for line in chart.series {
            let points = line.points.filter { $0.x.isFinite && $0.y.isFinite }
            switch line.style {
            case .line, .lineAndPoints:
                if points.count > 1 {
                    let path = points.map { "\(c(sx($0.x))),\(c(sy($0.y)))" }.joined(separator: " ")
                    lines.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(c(line.lineWidth))\" "
                                 + "stroke-linejoin=\"round\" stroke-linecap=\"round\"\(line.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
                }
            case .points:
                break
            }
            switch line.style {
            case let .points(marker), let .lineAndPoints(marker):
                for point in points {
                    lines.append(MarkerShape.svg(marker, x: sx(point.x), y: sy(point.y), color: line.color))
                }
            case .line:
                break
            }
        }

        // Target markers, then their annotations at the left end of their lines (above the line, or
        // below it when another annotation or the top of the plot is in the way).
        var annotationRows: [Double] = []
        for target in chart.targets.sorted(by: { $0.value > $1.value }) {
            guard target.value.isFinite else { continue }
            let py = sy(target.value)
            if let x = target.x, x.isFinite {
                lines.append(MarkerShape.svg(.diamond, x: sx(x), y: py, color: target.color, size: 5))
            }
            guard let annotation = target.annotation, !annotation.isEmpty,
                  SVGText.width(annotation, fontSize: fontSize - 1) + 8 <= plotWidth else { continue }
            var ty = py - 5
            if ty - 10 < y0 || annotationRows.contains(where: { abs($0 - ty) < 14 }) { ty = py + 14 }
            if annotationRows.contains(where: { abs($0 - ty) < 14 }) { continue }
            annotationRows.append(ty)
            lines.append("<text x=\"\(c(x0 + 4))\" y=\"\(c(ty))\" font-size=\"\(Int(fontSize - 1))\" font-weight=\"600\" "
                         + "fill=\"\(target.color)\" stroke=\"#ffffff\" stroke-width=\"3.00\" stroke-linejoin=\"round\" "
                         + "paint-order=\"stroke\">\(SVGText.escape(annotation))</text>")
        }

        if !entries.isEmpty {
            let legendTop = y1 + 24 + (chart.xAxis.title.isEmpty ? 0 : 16)
            lines += legend.elements(x: pad, y: legendTop)
        }
        return lines
    }
}
