import Foundation
import Indicators
import Scenarios

/// The self-contained HTML report of a scenario run: inline CSS and inline SVG charts, no scripts,
/// no fonts, images or links loaded from anywhere, in Chinese or English.
///
/// Sections: a header with the run's settings, the overview of every tested target (as `summary.md`
/// opens) and the targets at risk; the scenarios; a scenario comparison chart of the zone's target
/// series; city comparison small multiples; fan charts of every region and indicator; the gap table coloured by status (with the status word, never colour alone); the targets
/// without data, once each in a compact table; plan versus actual; elasticities and provenance;
/// methods. Counts are whole numbers wherever a projection is shown.
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
        body.append(report.runNotesSection())
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
        table.gaps, table.overview { font-size: 12px; }
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
