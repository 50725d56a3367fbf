import Forecasting
import Foundation
import Indicators

/// One region's trajectory in a ``RegionComparison``.
public struct RegionTrajectory: Sendable, Equatable {
    /// Region id.
    public let region: String
    /// Observed years and values (up to the as-of year), in the comparison's unit.
    public let years: [Int]
    /// The values of those years.
    public let values: [Double]
    /// Compound annual growth over the whole observed span.
    public let growthFull: Double?
    /// Compound annual growth over the last three years.
    public let growthRecent: Double?
    /// The zone (or, failing that, the parent region) the share is taken of, and the share in the
    /// latest year (nil when the hierarchy or the data give none).
    public let shareOf: String?
    /// The share of ``shareOf`` in the latest year (0.25 = 25 %), nil when none is given.
    public let share: Double?
    /// Rank (1 = largest) among the compared regions in the comparison's first and last common year.
    public let rankFirst: Int?
    /// Rank (1 = largest) in the comparison's last common year.
    public let rankLast: Int?
    /// The model that produced the projection (empty when the series could not be forecast).
    public let model: String
    /// The projected path: year, mean and 80 % / 95 % intervals.
    public let path: [ProjectedPoint]
}

/// One projected year of a trajectory.
public struct ProjectedPoint: Sendable, Equatable {
    /// The projected year.
    public let year: Int
    /// The forecast mean.
    public let mean: Double
    /// The 80 % interval.
    public let lo80: Double, hi80: Double
    /// The 95 % interval.
    public let lo95: Double, hi95: Double
}

/// Trajectories of one indicator side by side for a set of regions: levels, growth, shares of the
/// zone or parent, rank changes, and projected paths with intervals (`sunan compare`).
public struct RegionComparison: Sendable {
    /// Indicator key.
    public let indicator: String
    /// Unit code of every value (the first region's unit; the others are converted to it).
    public let unit: String
    /// The last year of history used (nil: all of it).
    public let asOf: Int?
    /// The projected years, over every region's path, increasing.
    public let projectedYears: [Int]
    /// The first and last years in which every compared region has a value (the rank years).
    public let rankYears: (first: Int, last: Int)?
    /// One trajectory per region, in the order asked for.
    public let trajectories: [RegionTrajectory]
    /// Series that could not be forecast, with the reason; and a zone's or member's data left out of
    /// the shares because their unit cannot be converted.
    public let warnings: [String]

    /// Errors of a comparison request.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What is wrong, for the command line.
        public let description: String
        /// Whether the failure is sunan's fault rather than the request's (a projection failed with
        /// `ForecastingError.internalFailure`).
        public var isInternalFailure = false
    }

    /// Builds the comparison from a panel.
    /// - Parameters:
    ///   - panel: the observations (every loaded data file).
    ///   - hierarchy: the region hierarchy, for shares of the zone or parent region (nil: no shares).
    ///   - indicator: the indicator key compared (e.g. `gdp`).
    ///   - regions: region ids, each of which must have the indicator in the panel.
    ///   - asOf: last year of history used (nil: all of it).
    ///   - horizon: years to project after each region's last used year.
    ///   - model: a `ModelCatalog` name from `Forecasting` (`auto` by default).
    /// - Throws: ``Failure`` for an unknown indicator or region, or units that cannot be converted.
    public static func build(panel: Panel, hierarchy: RegionHierarchy?, indicator: String, regions: [String],
                             asOf: Int? = nil, horizon: Int = 5, model: String = "auto") throws(Failure) -> RegionComparison {
        guard panel.indicators.contains(indicator) else {
            let near = Spelling.overlapping(indicator, among: panel.indicators)
            throw Failure(description: "the data have no indicator ‘\(indicator)’"
                + (near.isEmpty ? "; see `sunan check` for the indicators loaded" : "; " + Spelling.didYouMean(near)))
        }
        let lacking = regions.filter { panel.series(region: $0, indicator: indicator) == nil }
        guard lacking.isEmpty else {
            let having = panel.seriesKeys.filter { $0.indicator == indicator }.map(\.region)
            throw Failure(description: "no ‘\(indicator)’ series for " + lacking.map { "‘\($0)’" }.joined(separator: ", ")
                + "; it exists for: " + having.joined(separator: ", "))
        }
        let forecaster: any ForecastModel
        do {
            forecaster = try ModelCatalog.model(named: model, horizon: horizon)
        } catch {
            throw Failure(description: "\(error)")
        }
        let unit = panel.series(region: regions[0], indicator: indicator)!.unit
        func series(_ region: String) throws(Failure) -> (years: [Int], values: [Double])? {
            guard let found = panel.series(region: region, indicator: indicator) else { return nil }
            let kept = found.observations.filter { asOf == nil || $0.year <= asOf! }
            var values: [Double] = []
            for observation in kept {
                do {
                    values.append(try found.unit.convert(observation.value, to: unit))
                } catch {
                    throw Failure(description: "‘\(indicator)’ of \(region) is in \(found.unit.code), which cannot be compared with \(unit.code) of \(regions[0])")
                }
            }
            return (kept.map(\.year), values)
        }
        var observed: [String: (years: [Int], values: [Double])] = [:]
        for region in regions { observed[region] = try series(region) }
        var common = Set(observed[regions[0]]!.years)
        for region in regions.dropFirst() { common.formIntersection(observed[region]!.years) }
        let rankYears = common.min().map { ($0, common.max()!) }
        func ranks(in year: Int) -> [String: Int] {
            let ordered = regions.map { region -> (String, Double) in
                let data = observed[region]!
                return (region, data.values[data.years.firstIndex(of: year)!])
            }.sorted { $0.1 > $1.1 }
            return Dictionary(ordered.enumerated().map { ($0.element.0, $0.offset + 1) }, uniquingKeysWith: { first, _ in first })
        }
        let firstRanks = rankYears.map { ranks(in: $0.0) } ?? [:]
        let lastRanks = rankYears.map { ranks(in: $0.1) } ?? [:]
        var warnings: [String] = []
        var trajectories: [RegionTrajectory] = []
        var projectedYears: Set<Int> = []
        // The regions compared are one indicator in comparable regions: auto is calibrated on their pool.
        let support: SeriesSupport = unit.isCount ? .count : unit.isKnown ? .nonNegative : .real
        let histories = regions.map { region in
            Result<YearlySeries, Error> { try YearlySeries(years: observed[region]!.years, values: observed[region]!.values) }
        }
        // A history that cannot be built joins no pool; its error is the region's fit below, reported as "not projected".
        let items = histories.compactMap { try? $0.get() }.map { PooledForecasting.Item(history: $0, support: support) }
        var outcomes = PooledForecasting.fit(forecaster, to: items, poolsGrowth: true).makeIterator()
        let fits = histories.map { history in
            history.flatMap { _ in outcomes.next()!.result.mapError { $0 as Error } }
        }
        for (region, fit) in zip(regions, fits) {
            let data = observed[region]!
            let growthFull = data.years.count >= 2
                ? Growth.rate(from: data.values.first!, to: data.values.last!, years: data.years.last! - data.years.first!) : nil
            var growthRecent: Double?
            if let last = data.years.last, let start = data.years.firstIndex(of: last - 3) {
                growthRecent = Growth.rate(from: data.values[start], to: data.values.last!, years: 3)
            }
            var shareOf: String?, share: Double?
            if let hierarchy, let latestYear = data.years.last {
                let container = hierarchy.zones.first { $0.memberIDs.contains(region) } ?? hierarchy.parent(of: region)
                if let container {
                    shareOf = container.id
                    if let total = containerValue(container, year: latestYear, panel: panel, hierarchy: hierarchy,
                                                  indicator: indicator, unit: unit, warnings: &warnings), total > 0, unit.isAdditive {
                        share = data.values.last! / total
                    }
                }
            }
            var path: [ProjectedPoint] = []
            var modelName = ""
            do {
                let forecast = try fit.get().forecast(horizon: horizon)
                modelName = forecast.model
                path = forecast.steps.map { step in
                    let i80 = step.interval(level: 0.8), i95 = step.interval(level: 0.95)
                    return ProjectedPoint(year: step.year, mean: step.mean, lo80: i80.lowerBound, hi80: i80.upperBound,
                                          lo95: i95.lowerBound, hi95: i95.upperBound)
                }
                projectedYears.formUnion(path.map(\.year))
            } catch let error as ForecastingError where error.isInternalFailure {
                throw Failure(description: "\(region)/\(indicator): \(error)", isInternalFailure: true)
            } catch {
                warnings.append("\(region)/\(indicator): not projected: \(error)")
            }
            trajectories.append(RegionTrajectory(
                region: region, years: data.years, values: data.values, growthFull: growthFull, growthRecent: growthRecent,
                shareOf: share == nil ? nil : shareOf, share: share, rankFirst: firstRanks[region], rankLast: lastRanks[region],
                model: modelName, path: path))
        }
        return RegionComparison(indicator: indicator, unit: unit.code, asOf: asOf, projectedYears: projectedYears.sorted(),
                                rankYears: rankYears, trajectories: trajectories, warnings: warnings)
    }

    /// The value of a zone or parent in `year`: its own observation, or else the sum of its members
    /// when every member has one. An observation in a unit that cannot be converted to `unit` is not
    /// used, and `warnings` says so (once per series).
    private static func containerValue(_ container: Region, year: Int, panel: Panel, hierarchy: RegionHierarchy,
                                       indicator: String, unit: UnitOfMeasure, warnings: inout [String]) -> Double? {
        func value(_ region: String) -> Double? {
            guard let series = panel.series(region: region, indicator: indicator), let raw = series.value(in: year) else { return nil }
            do {
                return try series.unit.convert(raw, to: unit)
            } catch {
                let warning = "\(region)/\(indicator): in \(series.unit), which cannot be converted to \(unit): "
                    + "not used for the shares of \(container.id)"
                if !warnings.contains(warning) { warnings.append(warning) }
                return nil
            }
        }
        if let own = value(container.id) { return own }
        guard !container.memberIDs.isEmpty else { return nil }
        let members = container.memberIDs.map(value)
        guard members.allSatisfy({ $0 != nil }) else { return nil }
        return members.reduce(0) { $0 + $1! }
    }
}

extension RegionComparison {
    /// The side-by-side table: one row per region. With `localizedHeader` the column titles are in
    /// `language` (terminal and Markdown); otherwise they are stable codes (CSV, JSON) and the table
    /// carries the projected path as `mean_YEAR`, `lo80_YEAR`, `hi80_YEAR` columns.
    public func table(names: NameBook, language: Language, localizedHeader: Bool) -> TextTable {
        let zh = language == .zh
        let firstRank = rankYears.map { String($0.first) } ?? ""
        let lastRank = rankYears.map { String($0.last) } ?? ""
        var header: [String]
        if localizedHeader {
            header = zh
                ? ["地区", "最新年", "最新值", "全期年均增长", "近三年年均增长", "占比", "排名\(firstRank)", "排名\(lastRank)", "预测模型"]
                : ["region", "latest", "value", "growth (full span)", "growth (last 3 y)", "share", "rank \(firstRank)", "rank \(lastRank)", "model"]
        } else {
            header = ["region", "region_name", "unit", "first_year", "first_value", "latest_year", "latest_value", "cagr_full", "cagr_3y",
                      "share_of", "share", "rank_first_year", "rank_first", "rank_last_year", "rank_last", "model"]
            header += projectedYears.flatMap { ["mean_\($0)", "lo80_\($0)", "hi80_\($0)"] }
        }
        let rows = trajectories.map { trajectory -> [String] in
            var share = ""
            if let value = trajectory.share, let of = trajectory.shareOf {
                share = localizedHeader
                    ? NumberText.percent(value, language) + (zh ? "（占\(names.region(of, .zh))）" : " of \(names.region(of, .en))")
                    : NumberText.probability(value)
            }
            if localizedHeader {
                let latest: String = trajectory.years.last.map(String.init) ?? ""
                var row: [String] = [names.region(trajectory.region, language), latest, NumberText.trimmed(trajectory.values.last)]
                row += [NumberText.percent(trajectory.growthFull, language), NumberText.percent(trajectory.growthRecent, language), share]
                row += [trajectory.rankFirst.map(String.init) ?? "", trajectory.rankLast.map(String.init) ?? "",
                        ModelNames.text(trajectory.model, language)]
                return row
            }
            let firstYear: String = trajectory.years.first.map(String.init) ?? ""
            let lastYear: String = trajectory.years.last.map(String.init) ?? ""
            let rankFirst: String = trajectory.rankFirst.map(String.init) ?? ""
            let rankLast: String = trajectory.rankLast.map(String.init) ?? ""
            var row: [String] = [trajectory.region, names.region(trajectory.region, language), unit]
            row += [firstYear, NumberText.value(trajectory.values.first), lastYear, NumberText.value(trajectory.values.last)]
            row += [NumberText.rate(trajectory.growthFull), NumberText.rate(trajectory.growthRecent), trajectory.shareOf ?? "", share]
            row += [firstRank, rankFirst, lastRank, rankLast, trajectory.model]
            for year in projectedYears {
                let point = trajectory.path.first { $0.year == year }
                row += [NumberText.value(point?.mean), NumberText.value(point?.lo80), NumberText.value(point?.hi80)]
            }
            return row
        }
        let numeric: Set<Int> = localizedHeader ? [1, 2, 3, 4, 5, 6, 7] : numericColumns
        return TextTable(header: header, rows: rows, rightAligned: numeric)
    }

    /// Numeric columns of the code-header table (for JSON).
    public var numericColumns: Set<Int> { Set([3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14]).union(16..<(16 + 3 * projectedYears.count)) }

    /// The projected paths: one row per region, one column per projected year, cells `mean (lo80–hi80)`.
    public func pathTable(names: NameBook, language: Language) -> TextTable {
        let header = [language == .zh ? "地区" : "region"] + projectedYears.map(String.init)
        let rows = trajectories.map { trajectory in
            [names.region(trajectory.region, language)] + projectedYears.map { year in
                guard let point = trajectory.path.first(where: { $0.year == year }) else { return "" }
                return "\(NumberText.trimmed(point.mean)) (\(NumberText.trimmed(point.lo80))–\(NumberText.trimmed(point.hi80)))"
            }
        }
        return TextTable(header: header, rows: rows, rightAligned: Set(1..<header.count))
    }

    /// The title line: indicator name, unit and as-of year.
    public func title(names: NameBook, language: Language) -> String {
        let unitLabel = Localization.unitName(unit, language)
        switch language {
        case .zh:
            return "\(names.indicator(indicator, .zh))（\(indicator)）" + (unitLabel.isEmpty ? "" : "，单位：\(unitLabel)")
                + (asOf.map { "，数据截至\($0)年" } ?? "")
        case .en:
            return "\(names.indicator(indicator, .en)) (\(indicator))" + (unitLabel.isEmpty ? "" : ", unit: \(unitLabel)")
                + (asOf.map { ", data up to \($0)" } ?? "")
        }
    }

    /// The whole comparison as terminal text or Markdown: title, the table, and the projected paths.
    public func text(names: NameBook, language: Language, markdown: Bool) -> String {
        let table = self.table(names: names, language: language, localizedHeader: true)
        let paths = pathTable(names: names, language: language)
        let pathTitle = language == .zh ? "预测路径：均值（80%区间）" : "Projected path: mean (80 % interval)"
        let rankNote: String
        if let years = rankYears {
            rankNote = language == .zh ? "排名为所比较地区在\(years.first)年和\(years.last)年（均有数据的首末年份）的名次，1为最大。"
                                       : "Ranks among the compared regions in \(years.first) and \(years.last) (first and last years all have data); 1 is the largest."
        } else {
            rankNote = language == .zh ? "所比较地区没有共同的数据年份，无法排名。" : "The compared regions share no year of data, so there are no ranks."
        }
        if markdown {
            return "## \(title(names: names, language: language))\n\n\(table.markdown())\n\n\(rankNote)\n\n### \(pathTitle)\n\n\(paths.markdown())\n"
        }
        return "\(title(names: names, language: language))\n\n\(table.plainText())\n\n\(rankNote)\n\n\(pathTitle)\n\n\(paths.plainText())\n"
    }

    /// A JSON object: settings, the code-header table as `regions`, and the long-format `paths`.
    public func json(names: NameBook, language: Language) -> String {
        let regions = table(names: names, language: language, localizedHeader: false).json(numericColumns: numericColumns)
            .trimmingCharacters(in: .newlines)
        let paths = trajectories.flatMap { trajectory in
            trajectory.path.map { point in
                "{\"region\": \(JSONText.string(trajectory.region)), \"year\": \(point.year), \"mean\": \(JSONText.number(point.mean)), "
                    + "\"lo80\": \(JSONText.number(point.lo80)), \"hi80\": \(JSONText.number(point.hi80)), "
                    + "\"lo95\": \(JSONText.number(point.lo95)), \"hi95\": \(JSONText.number(point.hi95))}"
            }
        }
        return """
            {
            "indicator": \(JSONText.string(indicator)),
            "unit": \(JSONText.string(unit)),
            "as_of": \(asOf.map(String.init) ?? "null"),
            "regions": \(regions),
            "paths": [\(paths.joined(separator: ",\n  "))]
            }

            """
    }

    /// Small multiples, one panel per region: history, projected mean and 80 % / 95 % bands.
    public func chart(names: NameBook, language: Language) -> SmallMultiples {
        let panels = trajectories.map { trajectory -> Chart in
            let xs = trajectory.path.map { Double($0.year) }
            var bridge: [ChartPoint] = []
            if let year = trajectory.years.last, let value = trajectory.values.last { bridge = [ChartPoint(x: Double(year), y: value)] }
            return Chart(
                title: names.region(trajectory.region, language),
                yAxis: ChartAxis(title: Localization.unitName(unit, language), includeZero: true),
                bands: trajectory.path.isEmpty ? [] : [
                    ChartBand(label: "95 %", x: xs, lower: trajectory.path.map(\.lo95), upper: trajectory.path.map(\.hi95),
                              color: ChartPalette.blue, opacity: 0.15),
                    ChartBand(label: "80 %", x: xs, lower: trajectory.path.map(\.lo80), upper: trajectory.path.map(\.hi80),
                              color: ChartPalette.blue, opacity: 0.3),
                ],
                series: [
                    ChartSeries(label: language == .zh ? "历史" : "history",
                                points: zip(trajectory.years, trajectory.values).map { ChartPoint(x: Double($0.0), y: $0.1) },
                                color: ChartPalette.grey),
                    ChartSeries(label: language == .zh ? "预测均值" : "projected mean",
                                points: bridge + trajectory.path.map { ChartPoint(x: Double($0.year), y: $0.mean) },
                                color: ChartPalette.blue, dash: "6 3"),
                ])
        }
        return SmallMultiples(title: title(names: names, language: language), panels: panels, columns: min(3, max(1, panels.count)))
    }
}
