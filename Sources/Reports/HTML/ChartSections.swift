import Foundation
import Indicators
import Scenarios

/// The report's charts: the scenario comparison, the member cities' small multiples and the fan charts.
extension ReportContext {
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
                        x: Double(row.targetYear), value: row.targetLow, upper: row.targetHigh,
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
        let unitName = unit(cells.first?.unit ?? histories[Self.key(regionID, indicatorKey)]?.unit ?? "")
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
            series.append(ChartSeries(label: scenario.name + " · " + scenarioLabel(scenario.name), points: points,
                                      style: .lineAndPoints(.circle), color: palette[index % palette.count],
                                      dash: ChartPalette.dashes[index % ChartPalette.dashes.count], lineWidth: 2.25))
        }
        let unitName = unit(baselineCells[Self.key(regionID, indicatorKey)]?.first?.unit ?? "")
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
                         subtitle: kindName(baselineCells[Self.key(series.region, series.indicator)]?.first?.kind))
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
                         subtitle: kindName(baselineCells[Self.key(regionID, indicatorKey)]?.first?.kind))
            }
            let columns = min(panels.count, 3)
            let grid = SmallMultiples(panels: panels, columns: columns, panelWidth: 1000 / Double(columns),
                                      panelHeight: columns <= 2 ? 320 : 270, accessibleDescription: indicator(indicatorKey))
            let unitName = unit(baselineCells[Self.key(regions[0], indicatorKey)]?.first?.unit ?? "")
            parts.append("<h3>\(escape(indicator(indicatorKey))) <span class=\"note\">(\(escape(unitName)))</span></h3>")
            parts.append(figure(SVGRenderer.render(grid, standalone: false)))
        }
        flushSingles()
        return section(id: "fan", heading: .fanHeading, parts.joined(separator: "\n"))
    }
}
