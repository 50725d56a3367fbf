import Foundation
import Indicators
import Scenarios

/// The self-contained HTML report of a scenario run: inline CSS and inline SVG charts, no scripts,
/// no fonts, images or links loaded from anywhere, in Chinese or English.
///
/// Sections: a header with the run's settings and key results; the scenarios; a scenario comparison
/// chart of the zone's target series; city comparison small multiples; fan charts of every region and
/// indicator; the gap table coloured by status (with the status word, never colour alone); targets
/// without data; plan versus actual; elasticities and provenance; methods.
public enum HTMLReport {
    /// One self-contained HTML page (inline CSS and SVG; no scripts, no network resources).
    public static func render(_ run: ScenarioRun, names: NameBook, language: Language) -> String {
        let report = ReportContext(run: run, names: names, language: language)
        var body: [String] = []
        body.append(report.header())
        body.append(report.contents())
        body.append(report.scenarioComparison())
        body.append(report.cityComparison())
        body.append(report.fanCharts())
        body.append(report.section(id: "gaps", heading: .gapHeading, report.gapSection()))
        body.append(report.noDataSection())
        body.append(report.planVersusActualSection())
        body.append(report.provenanceSection())
        body.append(report.methodsSection())
        body.append("<footer><p>\(report.text(.generatedBy))</p></footer>")
        let title = SVGText.escape(report.title)
        return """
            <!DOCTYPE html>
            <html lang="\(language == .zh ? "zh-CN" : "en")">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(title)</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>
            <main>
            \(body.filter { !$0.isEmpty }.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    /// The gap table alone (an HTML `<table>` fragment), as it appears in the report.
    static func gapTable(_ run: ScenarioRun, names: NameBook, language: Language) -> String {
        ReportContext(run: run, names: names, language: language).gapTable()
    }

    /// The page's style sheet: system fonts (CJK-capable families named first for Chinese), print-friendly.
    static let stylesheet = """
        :root { --ink: #1a1a1a; --muted: #5a5a5a; --rule: #d9d9d9; --band: #f5f7fa; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #ffffff; color: var(--ink);
          font-family: \(SVGRenderer.fontFamily); font-size: 15px; line-height: 1.55; }
        main { max-width: 1200px; margin: 0 auto; padding: 28px 24px 48px; }
        h1 { font-size: 26px; line-height: 1.3; margin: 0 0 6px; }
        h2 { font-size: 20px; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
        h3 { font-size: 16px; margin: 24px 0 6px; }
        p { margin: 6px 0 10px; }
        .lead { color: var(--muted); margin-bottom: 14px; }
        .intro { color: var(--muted); font-size: 14px; }
        .facts { display: flex; flex-wrap: wrap; gap: 8px; margin: 14px 0; padding: 0; list-style: none; }
        .facts li { background: var(--band); border: 1px solid var(--rule); border-radius: 6px; padding: 6px 12px; }
        .facts b { display: block; font-size: 12px; font-weight: 500; color: var(--muted); }
        .facts span { font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .key { margin: 10px 0; padding: 0; list-style: none; }
        .key li { padding: 8px 12px; margin: 6px 0; border-left: 4px solid #0072B2; background: var(--band); }
        nav ol { columns: 2; margin: 6px 0; padding-left: 22px; font-size: 14px; }
        nav a { color: #0b5a8c; text-decoration: none; }
        figure { margin: 10px 0 18px; }
        svg { max-width: 100%; height: auto; display: block; }
        .table-wrap { overflow-x: auto; margin: 8px 0 12px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 12px; }
        .table-wrap table { margin: 0; }
        table.gaps { font-size: 12px; }
        table.gaps th, table.gaps td { padding: 4px 5px; }
        table.gaps td:first-child { min-width: 170px; }
        td.scenario { white-space: nowrap; }
        td.kind { white-space: nowrap; }
        th, td { border-bottom: 1px solid var(--rule); padding: 5px 7px; text-align: left; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; border-bottom: 2px solid #b5bcc6; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        td.num.wrap { white-space: normal; }
        tr.group-start td { border-top: 2px solid #b5bcc6; }
        td.code, span.code { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 12px; }
        .status { display: inline-block; white-space: nowrap; padding: 1px 8px 1px 6px; border-radius: 10px;
          border: 1px solid; font-weight: 600; font-size: 12px; color: #1a1a1a; }
        .status::before { content: ""; display: inline-block; width: 9px; height: 9px; margin-right: 5px;
          border-radius: 2px; background: currentColor; vertical-align: 0; }
        .status-achieved { background: #d3efe6; border-color: #009E73; }
        .status-achieved::before { background: #009E73; }
        .status-on-track { background: #dcedf9; border-color: #56B4E9; }
        .status-on-track::before { background: #56B4E9; }
        .status-acceleration { background: #fbf7c8; border-color: #c9bc1c; }
        .status-acceleration::before { background: #F0E442; }
        .status-limited { background: #fbe8c4; border-color: #E69F00; }
        .status-limited::before { background: #E69F00; }
        .status-deterioration { background: #f7d9c6; border-color: #D55E00; }
        .status-deterioration::before { background: #D55E00; }
        .status-none { background: #ececec; border-color: #9a9a9a; }
        .status-none::before { background: #9a9a9a; }
        .source { color: var(--muted); }
        .note { font-size: 13px; color: var(--muted); }
        dl.methods dt { font-weight: 600; margin-top: 12px; }
        dl.methods dd { margin: 2px 0 8px 0; }
        footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 13px; }
        @media print { main { max-width: none; } h2 { break-after: avoid; } figure, tr { break-inside: avoid; } }
        """
}

/// Lookups and formatting shared by the sections of one report.
struct ReportContext {
    let run: ScenarioRun
    let names: NameBook
    let language: Language
    let baseline: String
    /// Baseline cells by series key, in year order.
    let baselineCells: [String: [ProjectionCell]]
    /// Every scenario's cells by scenario and series key.
    let cellsByScenario: [String: [String: [ProjectionCell]]]
    /// Series keys (`region|indicator`) in the order of the run's cells.
    let seriesOrder: [(region: String, indicator: String)]
    /// Histories by series key.
    let histories: [String: HistorySeries]
    /// Actual values after the as-of year, by series key.
    let actuals: [String: [PlanVersusActualRow]]
    /// Baseline gap rows with a projection, by series key.
    let testedTargets: [String: [GapRow]]
    /// The regions of the run's cells; the indicators of its cells, histories and elasticities; the
    /// target ids of its gap rows (to recognise the parts of provenance subjects without a scan each).
    let cellRegions: Set<String>, knownIndicators: Set<String>, targetIDs: Set<String>

    static func key(_ region: String, _ indicator: String) -> String { region + "|" + indicator }

    init(run: ScenarioRun, names: NameBook, language: Language) {
        self.run = run
        self.names = names
        self.language = language
        baseline = run.specification.scenarios.first?.name ?? run.cells.first?.scenario ?? ""
        var byScenario: [String: [String: [ProjectionCell]]] = [:]
        var order: [(String, String)] = []
        var seen = Set<String>()
        for cell in run.cells {
            let key = Self.key(cell.region, cell.indicator)
            byScenario[cell.scenario, default: [:]][key, default: []].append(cell)
            if seen.insert(key).inserted { order.append((cell.region, cell.indicator)) }
        }
        for (scenario, series) in byScenario {
            for (key, cells) in series { byScenario[scenario]?[key] = cells.sorted { $0.year < $1.year } }
        }
        cellsByScenario = byScenario
        baselineCells = byScenario[baseline] ?? [:]
        seriesOrder = order
        var histories: [String: HistorySeries] = [:]
        for history in run.histories where histories[Self.key(history.region, history.indicator)] == nil {
            histories[Self.key(history.region, history.indicator)] = history
        }
        self.histories = histories
        var actuals: [String: [PlanVersusActualRow]] = [:]
        for row in run.planVersusActual { actuals[Self.key(row.region, row.indicator), default: []].append(row) }
        self.actuals = actuals
        var tested: [String: [GapRow]] = [:]
        for row in run.gaps where row.scenario == baseline && row.projectedMean != nil {
            tested[Self.key(row.region, row.indicator), default: []].append(row)
        }
        testedTargets = tested
        cellRegions = Set(run.cells.map(\.region))
        knownIndicators = Set(run.cells.map(\.indicator)).union(run.histories.map(\.indicator))
            .union(run.elasticities.flatMap { [$0.driver, $0.outcome] })
        targetIDs = Set(run.gaps.map(\.targetID))
    }

    // MARK: - Text

    func text(_ key: ReportStrings.Key) -> String { ReportStrings.text(key, language) }

    func format(_ key: ReportStrings.Key, _ arguments: String...) -> String {
        var result = text(key)
        for (index, argument) in arguments.enumerated() {
            result = result.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return result
    }

    func escape(_ text: String) -> String { SVGText.escape(text) }

    /// The region's name, or its id.
    func region(_ id: String) -> String { names.region(id, language) }

    /// The indicator's name, or its key as it is (a code) when the name book has none.
    func indicator(_ key: String) -> String { names.indicators[key]?.text(language) ?? key }

    /// The unit's display name: the Chinese name in zh, a short English name in en (`100m CNY`), else the code.
    func unit(_ code: String) -> String {
        let known = UnitOfMeasure(knownCode: code)
        switch language {
        case .zh:
            if let name = known?.nameZh, !name.isEmpty { return name }
            return code
        case .en:
            switch code {
            case "100m_cny": return "100m CNY"
            case "10k_cny": return "10k CNY"
            case "cny": return "CNY"
            case "10k_persons": return "10k persons"
            case "percent": return "%"
            default: return code.replacingOccurrences(of: "_", with: " ")
            }
        }
    }

    /// The unit as an axis title: in en spelled out (`100 million CNY`), in zh as ``unit(_:)``.
    func axisUnit(_ code: String) -> String {
        guard language == .en else { return unit(code) }
        switch code {
        case "100m_cny": return "100 million CNY"
        case "10k_cny": return "10,000 CNY"
        case "10k_persons": return "10,000 persons"
        default: return unit(code)
        }
    }

    var zoneRegion: String? { run.specification.zone?.region }

    var title: String {
        if let zone = zoneRegion, language == .zh {
            return format(.titleWithZone, region(zone), String(run.specification.asOf))
        }
        if language == .en, !run.specification.title.isEmpty { return run.specification.title }
        return format(.titleWithoutZone, String(run.specification.asOf))
    }

    /// A scenario's assumption in the report's language (English: the file's label).
    func scenarioDescription(_ scenario: ScenarioCase) -> String {
        if language == .en, scenario.label != scenario.name { return scenario.label }
        switch scenario.driver {
        case .baseline:
            return text(.driverBaseline)
        case let .uplift(percent, fromYear):
            let sign = percent >= 0 ? "+" : "−"
            return format(.driverUplift, sign + ReportNumber.plain(abs(percent)), String(fromYear))
        case let .amounts(amounts):
            return format(.driverAmounts, amounts.keys.sorted().map(String.init).joined(separator: language == .zh ? "、" : ", "))
        case let .extraBudget(amount, fromYear, split):
            let driverUnit = run.specification.projections.compactMap { $0.driver?.unit }.first.map(unit) ?? ""
            let separator = language == .zh ? "" : " "
            let parts = split.keys.sorted { (split[$0]!, $1) > (split[$1]!, $0) }.map { "\(region($0)) \(ReportNumber.plain(split[$0]!))" }
            return format(.driverExtraBudget, ReportNumber.plain(amount) + separator + driverUnit, String(fromYear),
                          parts.joined(separator: " : "))
        }
    }

    /// A short label of a scenario for table cells: `基准`, `+10%/年`, `每年追加30亿元`.
    func scenarioShort(_ name: String) -> String {
        guard let scenario = run.specification.scenarios.first(where: { $0.name == name }) else { return name }
        switch scenario.driver {
        case .baseline:
            return text(.scenarioShortBaseline)
        case let .uplift(percent, _):
            return format(.perYear, (percent >= 0 ? "+" : "−") + ReportNumber.plain(abs(percent)) + "%")
        case .amounts:
            return text(.scenarioShortAmounts)
        case let .extraBudget(amount, _, _):
            // The Chinese unit is short enough for a table cell; the English label leaves it to the scenarios table.
            let driverUnit = run.specification.projections.compactMap { $0.driver?.unit }.first.map(unit) ?? ""
            return format(.scenarioShortExtra, ReportNumber.plain(amount) + (language == .zh ? driverUnit : ""))
        }
    }

    /// The comparator and threshold of a gap row, e.g. `≥ 1000 亿元`.
    func threshold(_ row: GapRow, withUnit: Bool = true) -> String {
        let value: String
        let low = ReportNumber.trimmed(row.targetLow)
        switch row.comparator {
        case ">=": value = "≥ " + low
        case ">": value = "> " + low
        case "~": value = "≈ " + low
        case "range": value = low + "–" + ReportNumber.trimmed(row.targetHigh)
        case "=": value = "= " + low
        default: value = row.comparator + " " + low
        }
        return withUnit ? value + " " + unit(row.unit) : value
    }

    func status(_ status: String) -> String {
        let (key, style) = Self.statusStyle(status)
        let word = key.map(text) ?? status
        return "<span class=\"status \(style)\">\(escape(word))</span>"
    }

    /// The string key and CSS class of a status word (unknown words keep their text, in grey).
    static func statusStyle(_ status: String) -> (ReportStrings.Key?, String) {
        switch status {
        case "achieved": return (.statusAchieved, "status-achieved")
        case "on track": return (.statusOnTrack, "status-on-track")
        case "acceleration needed": return (.statusAcceleration, "status-acceleration")
        case "limited progress": return (.statusLimited, "status-limited")
        case "deterioration": return (.statusDeterioration, "status-deterioration")
        case "no data": return (.statusNoData, "status-none")
        case "no history": return (.statusNoHistory, "status-none")
        case "outside horizon": return (.statusOutsideHorizon, "status-none")
        case "unit mismatch": return (.statusUnitMismatch, "status-none")
        default: return (nil, "status-none")
        }
    }

    func yesNo(_ value: Bool?) -> String {
        guard let value else { return "" }
        return text(value ? .yes : .no)
    }

    func kindName(_ kind: String) -> String {
        switch kind {
        case "projected": return text(.kindProjected)
        case "derived": return text(.kindDerived)
        case "sum": return text(.kindSum)
        case "driver": return text(.kindDriver)
        default: return kind
        }
    }

    // MARK: - Sections

    func section(id: String, heading: ReportStrings.Key, _ content: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(escape(text(heading)))</h2>\n\(content)\n</section>"
    }

    var testedRows: [GapRow] { run.gaps.filter { $0.projectedMean != nil } }

    func header() -> String {
        let specification = run.specification
        let noData = Set(run.gaps.filter { $0.projectedMean == nil }.map(\.targetID)).count
        let tested = Set(testedRows.map(\.targetID)).count
        var lines = ["<header>", "<h1>\(escape(title))</h1>"]
        lines.append("<p class=\"lead\">" + escape(format(.summaryLine, String(specification.asOf), String(specification.horizonYear),
                                                          String(specification.scenarios.count), String(run.draws),
                                                          String(run.seed))) + "</p>")
        if language == .en, !specification.description.isEmpty {
            lines.append("<p>\(escape(specification.description))</p>")
        }
        let facts: [(ReportStrings.Key, String)] = [
            (.factAsOf, String(specification.asOf)), (.factHorizon, String(specification.horizonYear)),
            (.factScenarios, String(specification.scenarios.count)), (.factDraws, String(run.draws)),
            (.factSeed, String(run.seed)), (.factTargetsTested, String(tested)), (.factTargetsWithoutData, String(noData)),
        ]
        lines.append("<ul class=\"facts\">")
        lines += facts.map { "<li><b>\(escape(text($0.0)))</b><span>\(escape($0.1))</span></li>" }
        lines.append("</ul>")
        lines.append("<h2>\(escape(text(.keyResults)))</h2>")
        let key = testedRows.filter { $0.scenario == baseline && !$0.targetID.contains("/") }
        if key.isEmpty {
            lines.append("<p>\(escape(text(.noTestedTargets)))</p>")
        } else {
            lines.append("<ul class=\"key\">")
            for row in key {
                let interval = ReportNumber.significant(row.lo80) + "–" + ReportNumber.significant(row.hi80)
                let sentence = format(.keyResultLine, region(row.region) + " · " + indicator(row.indicator), threshold(row),
                                      String(row.targetYear), ReportNumber.significant(row.projectedMean), interval,
                                      ReportNumber.percent(row.pMeet))
                lines.append("<li><span class=\"code\">\(escape(row.targetID))</span> \(escape(sentence)) \(status(row.status))</li>")
            }
            lines.append("</ul>")
        }
        lines.append("<h2>\(escape(text(.scenariosHeading)))</h2>")
        lines.append("<table><thead><tr><th>\(escape(text(.scenarioCode)))</th><th>\(escape(text(.scenarioDescription)))</th></tr></thead><tbody>")
        for scenario in specification.scenarios {
            lines.append("<tr><td class=\"code\">\(escape(scenario.name))</td><td>\(escape(scenarioDescription(scenario)))</td></tr>")
        }
        lines.append("</tbody></table>")
        lines.append("</header>")
        return lines.joined(separator: "\n")
    }

    func contents() -> String {
        var items: [(String, ReportStrings.Key)] = []
        if comparisonSeries != nil { items.append(("comparison", .comparisonHeading)) }
        if cityPanels.count > 1 { items.append(("cities", .citiesHeading)) }
        items += [("fan", .fanHeading), ("gaps", .gapHeading), ("no-data", .noDataHeading), ("plan-actual", .planActualHeading),
                  ("provenance", .provenanceHeading), ("methods", .methodsHeading)]
        let links = items.map { "<li><a href=\"#\($0.0)\">\(escape(text($0.1)))</a></li>" }
        return "<nav><h2>\(escape(text(.contents)))</h2><ol>\n\(links.joined(separator: "\n"))\n</ol></nav>"
    }

    // MARK: Charts

    /// The zone's first tested target series (region, indicator), else the first tested series, else nil.
    var comparisonSeries: (region: String, indicator: String)? {
        let rows = testedRows.filter { $0.scenario == baseline }
        if let row = rows.first(where: { $0.region == zoneRegion }) ?? rows.first { return (row.region, row.indicator) }
        return nil
    }

    func historySeries(_ region: String, _ indicator: String) -> [ChartSeries] {
        guard let history = histories[Self.key(region, indicator)], !history.years.isEmpty else { return [] }
        let points = zip(history.years, history.values).map { ChartPoint(x: Double($0), y: $1) }
        if history.derived {
            return [ChartSeries(label: text(.legendDerived), points: points, style: .lineAndPoints(.hollowCircle),
                                color: ChartPalette.grey, dash: "3 3", lineWidth: 1.5)]
        }
        return [ChartSeries(label: text(.legendObserved), points: points, style: .lineAndPoints(.circle),
                            color: ChartPalette.grey, lineWidth: 1.5)]
    }

    /// The last history point, when it directly precedes the projection (so paths and bands start from it).
    func anchor(_ region: String, _ indicator: String, firstYear: Int?) -> ChartPoint? {
        guard let history = histories[Self.key(region, indicator)], let year = history.years.last,
              let value = history.values.last, let firstYear, year < firstYear else { return nil }
        return ChartPoint(x: Double(year), y: value)
    }

    func targets(_ region: String, _ indicator: String) -> [ChartTarget] {
        (testedTargets[Self.key(region, indicator)] ?? []).map { row in
            ChartTarget(label: text(.legendTarget), annotation: format(.targetAnnotation, threshold(row, withUnit: false), String(row.targetYear)),
                        x: Double(row.targetYear), value: row.targetLow, upper: row.comparator == "range" ? row.targetHigh : nil,
                        color: ChartPalette.vermillion)
        }
    }

    /// A fan chart of one series under the baseline.
    func fanChart(_ regionID: String, _ indicatorKey: String, title: String, subtitle: String) -> Chart {
        let cells = baselineCells[Self.key(regionID, indicatorKey)] ?? []
        let start = anchor(regionID, indicatorKey, firstYear: cells.first?.year)
        let years = (start.map { [$0.x] } ?? []) + cells.map { Double($0.year) }
        func band(_ lower: KeyPath<ProjectionCell, Double>, _ upper: KeyPath<ProjectionCell, Double>, label: ReportStrings.Key,
                  opacity: Double) -> ChartBand {
            ChartBand(label: text(label), x: years, lower: (start.map { [$0.y] } ?? []) + cells.map { $0[keyPath: lower] },
                      upper: (start.map { [$0.y] } ?? []) + cells.map { $0[keyPath: upper] }, color: ChartPalette.blue, opacity: opacity)
        }
        var series = historySeries(regionID, indicatorKey)
        let median = (start.map { [$0] } ?? []) + cells.map { ChartPoint(x: Double($0.year), y: $0.median) }
        series.append(ChartSeries(label: text(.legendMean), points: median, style: .line, color: ChartPalette.blue, lineWidth: 2.25))
        let actual = (actuals[Self.key(regionID, indicatorKey)] ?? []).sorted { $0.year < $1.year }
        if !actual.isEmpty {
            series.append(ChartSeries(label: text(.legendActual), points: actual.map { ChartPoint(x: Double($0.year), y: $0.actual) },
                                      style: .points(.triangle), color: ChartPalette.orange))
        }
        let unitName = axisUnit(cells.first?.unit ?? histories[Self.key(regionID, indicatorKey)]?.unit ?? "")
        return Chart(title: title, subtitle: subtitle, yAxis: ChartAxis(title: unitName, includeZero: true),
                     bands: [band(\.lo95, \.hi95, label: .legendBand95, opacity: 0.16),
                             band(\.lo80, \.hi80, label: .legendBand80, opacity: 0.30)],
                     series: series, targets: targets(regionID, indicatorKey),
                     accessibleDescription: [title, indicator(indicatorKey), subtitle].filter { !$0.isEmpty }.joined(separator: " · "))
    }

    func figure(_ svg: String) -> String { "<figure>\n\(svg)</figure>" }

    func scenarioComparison() -> String {
        guard let (regionID, indicatorKey) = comparisonSeries else { return "" }
        var series = historySeries(regionID, indicatorKey)
        for (index, scenario) in run.specification.scenarios.enumerated() {
            let cells = cellsByScenario[scenario.name]?[Self.key(regionID, indicatorKey)] ?? []
            guard !cells.isEmpty else { continue }
            let start = anchor(regionID, indicatorKey, firstYear: cells.first?.year)
            let points = (start.map { [$0] } ?? []) + cells.map { ChartPoint(x: Double($0.year), y: $0.median) }
            let palette = ChartPalette.sequence
            series.append(ChartSeries(label: scenario.name + " · " + scenarioDescription(scenario), points: points,
                                      style: .lineAndPoints(.circle), color: palette[index % palette.count],
                                      dash: ChartPalette.dashes[index % ChartPalette.dashes.count], lineWidth: 2.25))
        }
        let unitName = axisUnit(baselineCells[Self.key(regionID, indicatorKey)]?.first?.unit ?? "")
        let name = region(regionID) + " · " + indicator(indicatorKey)
        let chart = Chart(title: name, width: 1000, height: 470, yAxis: ChartAxis(title: unitName, includeZero: true),
                          series: series, targets: targets(regionID, indicatorKey),
                          accessibleDescription: text(.comparisonHeading) + ": " + name)
        let intro = "<p class=\"intro\">" + escape(format(.comparisonIntro, indicator(indicatorKey), region(regionID))) + "</p>"
        return section(id: "comparison", heading: .comparisonHeading,
                       intro + "\n" + figure(SVGRenderer.render(chart, standalone: false)))
    }

    /// The member cities' fan charts of the comparison series.
    var cityPanels: [Chart] {
        guard let (_, indicatorKey) = comparisonSeries, let members = run.specification.zone?.members else { return [] }
        return members.filter { baselineCells[Self.key($0, indicatorKey)] != nil }.map { member in
            fanChart(member, indicatorKey, title: region(member), subtitle: "")
        }
    }

    func cityComparison() -> String {
        let panels = cityPanels
        guard panels.count > 1, let (_, indicatorKey) = comparisonSeries else { return "" }
        let columns = min(panels.count, 5)
        let grid = SmallMultiples(panels: panels, columns: columns, sharedYScale: true, panelWidth: 1000 / Double(columns),
                                  panelHeight: 300, accessibleDescription: text(.citiesHeading) + ": " + indicator(indicatorKey))
        let intro = "<p class=\"intro\">" + escape(format(.citiesIntro, indicator(indicatorKey))) + "</p>"
        return section(id: "cities", heading: .citiesHeading, intro + "\n" + figure(SVGRenderer.render(grid, standalone: false)))
    }

    /// Regions in reading order: the zone's parent, the zone, its members in the zone's order, then the rest.
    func ordered(_ regions: [String]) -> [String] {
        let zone = run.specification.zone
        let preferred = [zone?.parent, zone?.region].compactMap { $0 } + (zone?.members ?? [])
        return preferred.filter(regions.contains) + regions.filter { !preferred.contains($0) }
    }

    func fanCharts() -> String {
        var indicators: [String] = []
        for series in seriesOrder where !indicators.contains(series.indicator) { indicators.append(series.indicator) }
        var parts = ["<p class=\"intro\">\(escape(text(.fanIntro)))</p>"]
        // Indicators with a single region are collected and drawn together, two to a row.
        var singles: [(region: String, indicator: String)] = []
        func flushSingles() {
            guard !singles.isEmpty else { return }
            let panels = singles.map { series in
                fanChart(series.region, series.indicator, title: region(series.region) + " · " + indicator(series.indicator),
                         subtitle: kindName(baselineCells[Self.key(series.region, series.indicator)]?.first?.kind ?? ""))
            }
            let columns = min(panels.count, 2)
            let grid = SmallMultiples(panels: panels, columns: columns, panelWidth: 1000 / Double(columns), panelHeight: 330,
                                      accessibleDescription: singles.map { indicator($0.indicator) }.joined(separator: ", "))
            parts.append(figure(SVGRenderer.render(grid, standalone: false)))
            singles = []
        }
        for indicatorKey in indicators {
            let regions = ordered(seriesOrder.filter { $0.indicator == indicatorKey }.map(\.region))
            if regions.count == 1 {
                singles.append((regions[0], indicatorKey))
                continue
            }
            flushSingles()
            let panels = regions.map { regionID in
                fanChart(regionID, indicatorKey, title: region(regionID),
                         subtitle: kindName(baselineCells[Self.key(regionID, indicatorKey)]?.first?.kind ?? ""))
            }
            let columns = min(panels.count, 3)
            let grid = SmallMultiples(panels: panels, columns: columns, panelWidth: 1000 / Double(columns),
                                      panelHeight: columns <= 2 ? 320 : 270, accessibleDescription: indicator(indicatorKey))
            let unitName = axisUnit(baselineCells[Self.key(regions[0], indicatorKey)]?.first?.unit ?? "")
            parts.append("<h3>\(escape(indicator(indicatorKey))) <span class=\"note\">(\(escape(unitName)))</span></h3>")
            parts.append(figure(SVGRenderer.render(grid, standalone: false)))
        }
        flushSingles()
        return section(id: "fan", heading: .fanHeading, parts.joined(separator: "\n"))
    }

    // MARK: Tables

    func gapSection() -> String {
        "<p class=\"intro\">\(escape(text(.gapIntro)))</p>\n" + gapTable()
            + "\n<p class=\"note\">\(escape(text(.gapUpliftNote)))</p>"
    }

    func gapTable() -> String {
        var groups: [String] = []
        var byTarget: [String: [GapRow]] = [:]
        for row in testedRows {
            if byTarget[row.targetID] == nil { groups.append(row.targetID) }
            byTarget[row.targetID, default: []].append(row)
        }
        let headers: [(ReportStrings.Key, Bool)] = [
            (.columnTarget, false), (.columnYear, true), (.columnThreshold, true), (.columnGrowth, true), (.columnStatus, false),
            (.columnScenario, false), (.columnMean, true), (.columnInterval80, true), (.columnGap, true), (.columnPMeet, true),
            (.columnFirstYearMet, true), (.columnUplift, true),
        ]
        var lines = ["<div class=\"table-wrap\"><table class=\"gaps\">", "<thead><tr>"
                     + headers.map { "<th\($0.1 ? " class=\"num\"" : "")>\(escape(text($0.0)))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        for id in groups {
            let group = byTarget[id]!
            let span = group.count > 1 ? " rowspan=\"\(group.count)\"" : ""
            // Growth and status depend on the target and its history, not on the scenario: one cell per target
            // (each distinct value, with its scenarios, should they ever differ).
            func distinct(_ value: (GapRow) -> String) -> [(value: String, scenarios: [String])] {
                var order: [String] = []
                var scenarios: [String: [String]] = [:]
                for row in group {
                    let key = value(row)
                    if scenarios[key] == nil { order.append(key) }
                    scenarios[key, default: []].append(row.scenario)
                }
                return order.map { ($0, scenarios[$0]!) }
            }
            let growths = distinct {
                self.format(.perYear, ReportNumber.signedRate($0.historicalCAGR)) + " / "
                    + self.format(.perYear, ReportNumber.signedRate($0.requiredCAGR))
            }
            let statuses = distinct(\.status)
            for (index, row) in group.enumerated() {
                var cells: [String] = []
                if index == 0 {
                    cells.append("<td\(span)><span class=\"code\">\(escape(row.targetID))</span><br/>"
                                 + "\(escape(region(row.region) + " · " + indicator(row.indicator)))</td>")
                    cells.append("<td class=\"num\"\(span)>\(row.targetYear)</td>")
                    cells.append("<td class=\"num\"\(span)>\(escape(threshold(row)))</td>")
                    let growthCell = growths.count == 1 ? escape(growths[0].value)
                        : growths.map { escape($0.scenarios.joined(separator: ", ") + ": " + $0.value) }.joined(separator: "<br/>")
                    cells.append("<td class=\"num wrap\"\(span)>\(growthCell)</td>")
                    let statusCell = statuses.count == 1 ? status(statuses[0].value)
                        : statuses.map { escape($0.scenarios.joined(separator: ", ")) + " " + status($0.value) }.joined(separator: "<br/>")
                    cells.append("<td\(span)>\(statusCell)</td>")
                }
                let gap = row.gap.map { ReportNumber.signed($0) + " (" + ReportNumber.signedPercent(row.gapPercent) + ")" } ?? ""
                let probability = ReportNumber.percent(row.pMeet) + (row.pMeetStandardError.map { " ± " + ReportNumber.percent($0) } ?? "")
                let uplift = ReportNumber.upliftPercent(row.requiredUpliftP50) + " / " + ReportNumber.upliftPercent(row.requiredUpliftP80)
                cells += [
                    "<td class=\"scenario\" title=\"\(escape(row.scenario))\">\(escape(scenarioShort(row.scenario)))</td>",
                    "<td class=\"num\">\(escape(ReportNumber.significant(row.projectedMean)))</td>",
                    "<td class=\"num\">\(escape(ReportNumber.significant(row.lo80) + "–" + ReportNumber.significant(row.hi80)))</td>",
                    "<td class=\"num\">\(escape(gap))</td>",
                    "<td class=\"num\">\(escape(probability))</td>",
                    "<td class=\"num\">\(row.firstYearMet.map(String.init) ?? "—")</td>",
                    "<td class=\"num\">\(escape(uplift))</td>",
                ]
                lines.append("<tr\(index == 0 ? " class=\"group-start\"" : "")>" + cells.joined() + "</tr>")
            }
        }
        lines += ["</tbody>", "</table></div>"]
        return lines.joined(separator: "\n")
    }

    func noDataSection() -> String {
        var seen = Set<String>()
        let rows = run.gaps.filter { $0.projectedMean == nil && seen.insert($0.targetID + "|" + $0.region).inserted }
        guard !rows.isEmpty else { return "" }
        let header = [text(.columnTarget), text(.columnRegion), text(.columnIndicator), text(.columnYear), text(.columnThreshold),
                      text(.columnStatus), text(.columnNote)]
        var lines = ["<p class=\"intro\">\(escape(text(.noDataIntro)))</p>", "<div class=\"table-wrap\"><table>",
                     "<thead><tr>" + header.enumerated().map { "<th\([3, 4].contains($0.offset) ? " class=\"num\"" : "")>\(escape($0.element))</th>" }.joined()
                        + "</tr></thead>", "<tbody>"]
        for row in rows {
            let note = row.status == "no data" ? text(.noDataNote) : ""
            lines.append("<tr><td class=\"code\">\(escape(row.targetID))</td><td>\(escape(region(row.region)))</td>"
                         + "<td>\(escape(indicator(row.indicator)))</td><td class=\"num\">\(row.targetYear)</td>"
                         + "<td class=\"num\">\(escape(threshold(row)))</td><td>\(status(row.status))</td><td>\(escape(note))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        return section(id: "no-data", heading: .noDataHeading, lines.joined(separator: "\n"))
    }

    func planVersusActualSection() -> String {
        var lines = ["<p class=\"intro\">\(escape(format(.planActualIntro, String(run.specification.asOf))))</p>"]
        if run.planVersusActual.isEmpty {
            lines.append("<p>\(escape(text(.planActualNone)))</p>")
            return section(id: "plan-actual", heading: .planActualHeading, lines.joined(separator: "\n"))
        }
        let header: [(ReportStrings.Key, Bool)] = [
            (.columnRegion, false), (.columnIndicator, false), (.columnYear, true), (.columnActual, true), (.columnProjected, true),
            (.columnError, true), (.columnErrorPercent, true), (.columnCovered80, false), (.columnCovered95, false),
            (.columnTarget, false), (.columnTargetMet, false),
        ]
        lines.append("<div class=\"table-wrap\"><table>")
        lines.append("<thead><tr>" + header.map { "<th\($0.1 ? " class=\"num\"" : "")>\(escape(text($0.0)))</th>" }.joined() + "</tr></thead>")
        lines.append("<tbody>")
        for row in run.planVersusActual {
            lines.append("<tr><td>\(escape(region(row.region)))</td><td>\(escape(indicator(row.indicator)))</td>"
                         + "<td class=\"num\">\(row.year)</td>"
                         + "<td class=\"num\">\(escape(ReportNumber.significant(row.actual) + " " + unit(row.unit)))</td>"
                         + "<td class=\"num\">\(escape(ReportNumber.significant(row.projectedMean)))</td>"
                         + "<td class=\"num\">\(escape(ReportNumber.signed(row.error)))</td>"
                         + "<td class=\"num\">\(escape(ReportNumber.signedPercent(row.errorPercent)))</td>"
                         + "<td>\(escape(yesNo(row.covered80)))</td><td>\(escape(yesNo(row.covered95)))</td>"
                         + "<td class=\"code\">\(escape(row.targetID ?? ""))</td><td>\(escape(yesNo(row.targetActuallyMet)))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        return section(id: "plan-actual", heading: .planActualHeading, lines.joined(separator: "\n"))
    }

    /// Text quoted from the data or scenario files: marked `lang="en"` in the Chinese report (it is not translated).
    func quoted(_ original: String) -> String {
        language == .zh ? "<span lang=\"en\" class=\"source\">\(escape(original))</span>" : escape(original)
    }

    /// A provenance subject in the report's language where its parts are known regions, indicators or codes.
    func subject(_ subject: String) -> String {
        func part(_ text: String) -> String? {
            if names.regions[text] != nil || cellRegions.contains(text) { return region(text) }
            if knownIndicators.contains(text) { return indicator(text) }
            if targetIDs.contains(text) { return text }
            return nil
        }
        if subject.hasSuffix(" (driver)"), let inner = Optional(String(subject.dropLast(" (driver)".count))),
           let translated = translatedPath(inner, part) {
            return escape(format(.driverSubject, translated))
        }
        if let translated = translatedPath(subject, part) { return escape(translated) }
        let arrow = subject.components(separatedBy: " ← ")
        if arrow.count == 2, let outcome = part(arrow[0]), let driver = part(arrow[1]) { return escape(outcome + " ← " + driver) }
        let share = subject.components(separatedBy: " share of ")
        if share.count == 2, let city = part(share[0]), let zone = part(share[1]) { return escape(format(.shareOf, city, zone)) }
        return quoted(subject)
    }

    private func translatedPath(_ text: String, _ part: (String) -> String?) -> String? {
        let parts = text.components(separatedBy: "/")
        let translated = parts.map(part)
        guard translated.allSatisfy({ $0 != nil }) else { return nil }
        return translated.map { $0! }.joined(separator: " / ")
    }

    func provenanceKind(_ kind: String) -> String {
        switch kind {
        case "data": return text(.provenanceData)
        case "model": return text(.provenanceModel)
        case "elasticity": return text(.provenanceElasticity)
        case "factor": return text(.provenanceFactor)
        case "share": return text(.provenanceShare)
        case "allocation": return text(.provenanceAllocation)
        default: return kind
        }
    }

    func provenanceSection() -> String {
        var lines = ["<p class=\"intro\">\(escape(text(.provenanceIntro))) \(escape(text(.provenanceOriginalText)))</p>"]
        if !run.elasticities.isEmpty {
            lines.append("<h3>\(escape(text(.elasticitiesHeading)))</h3>")
            lines.append("<table><thead><tr><th>\(escape(text(.columnOutcome)))</th><th>\(escape(text(.columnDriver)))</th>"
                         + "<th class=\"num\">\(escape(text(.columnLag)))</th><th class=\"num\">\(escape(text(.columnElasticity)))</th>"
                         + "<th class=\"num\">\(escape(text(.columnStandardError)))</th><th>\(escape(text(.columnSource)))</th></tr></thead><tbody>")
            for elasticity in run.elasticities {
                lines.append("<tr><td>\(escape(indicator(elasticity.outcome)))</td><td>\(escape(indicator(elasticity.driver)))</td>"
                             + "<td class=\"num\">\(elasticity.lag)</td>"
                             + "<td class=\"num\">\(escape(ReportNumber.significant(elasticity.value)))</td>"
                             + "<td class=\"num\">\(escape(ReportNumber.significant(elasticity.standardError)))</td>"
                             + "<td>\(quoted(elasticity.source))</td></tr>")
            }
            lines.append("</tbody></table>")
            lines.append("<p class=\"note\">\(escape(text(.elasticityNote)))</p>")
        }
        lines.append("<h3>\(escape(text(.provenanceHeading)))</h3>")
        lines.append("<table><thead><tr><th>\(escape(text(.columnKind)))</th><th>\(escape(text(.columnSubject)))</th>"
                     + "<th>\(escape(text(.columnDetail)))</th></tr></thead><tbody>")
        for item in run.provenance {
            lines.append("<tr><td class=\"kind\">\(escape(provenanceKind(item.kind)))</td><td>\(subject(item.subject))</td><td>\(quoted(item.detail))</td></tr>")
        }
        lines.append("</tbody></table>")
        return section(id: "provenance", heading: .provenanceHeading, lines.joined(separator: "\n"))
    }

    func methodsSection() -> String {
        let items: [(ReportStrings.Key, ReportStrings.Key)] = [
            (.methodProjectionTitle, .methodProjection), (.methodUncertaintyTitle, .methodUncertainty),
            (.methodScenariosTitle, .methodScenarios), (.methodElasticityTitle, .methodElasticity),
            (.methodGapsTitle, .methodGaps), (.methodStatusTitle, .methodStatus), (.methodUpliftTitle, .methodUplift),
            (.methodPlanActualTitle, .methodPlanActual),
        ]
        let list = items.map { "<dt>\(escape(text($0.0)))</dt>\n<dd>\(escape(text($0.1)))</dd>" }
        return section(id: "methods", heading: .methodsHeading, "<dl class=\"methods\">\n" + list.joined(separator: "\n") + "\n</dl>")
    }
}

/// Numbers as the report prints them: fixed significant digits, never an exponent.
enum ReportNumber {
    /// `value` with at least `digits` significant digits and no exponent (integers keep all their
    /// digits: `20113`, `1346`, `86.65`, `0.3282`); empty for nil or non-finite values.
    static func significant(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "" }
        if value == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(value))))
        let decimals = max(0, digits - 1 - magnitude)
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && !text.contains(where: { $0 != "-" && $0 != "0" && $0 != "." }) ? String(text.dropFirst()) : text
    }

    /// ``significant(_:digits:)`` without trailing zeros after the decimal point (`500`, `374.8`, `15`), for
    /// thresholds as the plan states them.
    static func trimmed(_ value: Double?) -> String {
        var text = significant(value)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A growth rate (a fraction) as a percentage with one decimal and a true minus sign (`14.2%`, `−39.5%`).
    static func signedRate(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "" }
        let text = String(format: "%.1f%%", abs(fraction) * 100)
        return (fraction < 0 && text != "0.0%" ? "−" : "") + text
    }

    /// A signed number (`+346.2`, `−12.5`) with ``significant(_:digits:)`` digits.
    static func signed(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let text = significant(abs(value))
        return (value < 0 && text != "0" ? "−" : "+") + text
    }

    /// A probability as a percentage with one decimal (`91.8%`), `<0.1%` and `>99.9%` where rounding would
    /// show an uncertain outcome as impossible or certain; empty when missing.
    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "" }
        if fraction > 0, fraction < 0.0005 { return "<0.1%" }
        if fraction < 1, fraction > 0.9995 { return ">99.9%" }
        return String(format: "%.1f%%", fraction * 100)
    }

    /// A percentage that is already in percent, signed, one decimal (`+34.6%`).
    static func signedPercent(_ percent: Double?) -> String {
        guard let percent, percent.isFinite else { return "" }
        let text = String(format: "%.1f%%", abs(percent))
        return (percent < 0 && text != "0.0%" ? "−" : "+") + text
    }

    /// A required uplift in percent a year (`+12.3%`), `0` when none is needed, `—` when missing.
    static func upliftPercent(_ percent: Double?) -> String {
        guard let percent, percent.isFinite else { return "—" }
        return percent == 0 ? "0" : String(format: "+%.1f%%", percent)
    }

    /// A parameter from a scenario file in its shortest form (`10`, `2.5`).
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }
}
