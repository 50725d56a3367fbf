import Foundation

/// The administrative or planning level of a region.
public enum RegionLevel: String, Hashable, Sendable, CaseIterable, Codable {
    /// The whole country (China).
    case country
    /// A province-level unit (Jiangsu …).
    case province
    /// A planning zone defined as the aggregate of member regions (the Sunan zone of five cities).
    case zone
    /// A prefecture-level city.
    case city
}

/// A region with its names, code and place in the hierarchy.
public struct Region: Hashable, Sendable, Identifiable {
    /// The identifier used in data files (English name, e.g. `Suzhou`).
    public let id: String
    /// The level of the region.
    public let level: RegionLevel
    /// The English name.
    public let nameEn: String
    /// The Chinese name in simplified characters, as in the statistics (e.g. `苏州`).
    public let nameZh: String
    /// The Chinese name in traditional characters, as in the plan text (e.g. `蘇州`).
    public let nameZhHant: String
    /// The GB/T 2260 administrative code, e.g. `320500`; nil for the country and zones.
    public let adminCode: String?
    /// The identifier of the enclosing region (Jiangsu for a city or the zone); nil for the country.
    public let parentID: String?
    /// For a zone, the identifiers of the regions whose sum it is; empty otherwise.
    public let memberIDs: [String]
    /// A remark on the definition.
    public let note: String

    /// A region; see the properties for the meaning of each argument.
    public init(
        id: String, level: RegionLevel, nameEn: String, nameZh: String, nameZhHant: String = "",
        adminCode: String? = nil, parentID: String? = nil, memberIDs: [String] = [], note: String = ""
    ) {
        self.id = id
        self.level = level
        self.nameEn = nameEn
        self.nameZh = nameZh
        self.nameZhHant = nameZhHant.isEmpty ? nameZh : nameZhHant
        self.adminCode = adminCode
        self.parentID = parentID
        self.memberIDs = memberIDs
        self.note = note
    }

    /// Whether the region's values are, by definition, sums of its members.
    public var isAggregate: Bool { !memberIDs.isEmpty }
}

/// Why a set of regions does not form a hierarchy.
public enum RegionHierarchyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two regions share an identifier.
    case duplicateID(String)
    /// A region names a parent or member that is not defined.
    case unknownReference(region: String, reference: String, role: String)
    /// Following parents from a region comes back to it.
    case cycle(String)

    /// A plain sentence describing the problem.
    public var description: String {
        switch self {
        case let .duplicateID(id): return "region ‘\(id)’ is defined more than once"
        case let .unknownReference(region, reference, role):
            return "region ‘\(region)’ names \(role) ‘\(reference)’, which is not defined"
        case let .cycle(id): return "region ‘\(id)’ is its own ancestor (the parents form a cycle)"
        }
    }
}

extension RegionHierarchyError: LocalizedError {
    /// The same sentence as ``description``.
    public var errorDescription: String? { description }
}

/// Regions and how they nest: cities in a province, a zone as the sum of its member cities,
/// provinces in the country.
public struct RegionHierarchy: Sendable {
    /// Every region, in definition order.
    public let regions: [Region]
    private let byID: [String: Region]

    /// A hierarchy of `regions`.
    /// - Throws: ``RegionHierarchyError`` on repeated identifiers, undefined parents or members, or cycles.
    public init(regions: [Region]) throws(RegionHierarchyError) {
        var byID: [String: Region] = [:]
        for region in regions {
            guard byID[region.id] == nil else { throw RegionHierarchyError.duplicateID(region.id) }
            byID[region.id] = region
        }
        for region in regions {
            if let parent = region.parentID, byID[parent] == nil {
                throw RegionHierarchyError.unknownReference(region: region.id, reference: parent, role: "parent")
            }
            for member in region.memberIDs where byID[member] == nil {
                throw RegionHierarchyError.unknownReference(region: region.id, reference: member, role: "member")
            }
            var seen: Set<String> = [region.id]
            var current = region.parentID
            while let id = current {
                guard seen.insert(id).inserted else { throw RegionHierarchyError.cycle(region.id) }
                current = byID[id]?.parentID
            }
        }
        self.regions = regions
        self.byID = byID
    }

    /// The region with identifier `id`.
    public func region(_ id: String) -> Region? { byID[id] }

    /// The enclosing region of `id` (Jiangsu for Suzhou).
    public func parent(of id: String) -> Region? { byID[id]?.parentID.flatMap { byID[$0] } }

    /// The chain of enclosing regions of `id`, nearest first (Jiangsu, China for Suzhou).
    public func ancestors(of id: String) -> [Region] {
        var chain: [Region] = []
        var current = parent(of: id)
        while let region = current {
            chain.append(region)
            current = parent(of: region.id)
        }
        return chain
    }

    /// The member regions of a zone, in definition order; empty for regions that are not aggregates.
    public func members(of id: String) -> [Region] { byID[id]?.memberIDs.compactMap { byID[$0] } ?? [] }

    /// The regions whose parent is `id`.
    public func children(of id: String) -> [Region] { regions.filter { $0.parentID == id } }

    /// Every region of `level`, in definition order.
    public func regions(at level: RegionLevel) -> [Region] { regions.filter { $0.level == level } }

    /// The zones (aggregates of member regions).
    public var zones: [Region] { regions.filter(\.isAggregate) }

    /// The Chinese (simplified) name of `id`, or `id` itself when the region is not defined.
    public func nameZh(_ id: String) -> String { byID[id]?.nameZh ?? id }
}

/// What a panel holds for one region × indicator × year.
public enum CellStatus: Hashable, Sendable {
    /// A full-year observation of the region itself.
    case observed
    /// No observation of the region, but every member of the zone is observed: the value is their sum (derived).
    case aggregated
    /// No observation of the region and only some members observed; no value is given.
    case partial(observedMembers: [String], missingMembers: [String])
    /// Nothing observed.
    case missing
}

/// One year of a coverage table: what the panel holds and the value it can give.
public struct CoverageCell: Hashable, Sendable {
    /// The data year.
    public let year: Int
    /// Observed, aggregated from members, partial or missing.
    public let status: CellStatus
    /// The observed or aggregated value in the series' unit; nil when partial or missing.
    public let value: Double?
}

/// Why a zone series could not be aggregated from its members.
public enum AggregationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The region is not a zone with members in the hierarchy.
    case notAnAggregate(String)
    /// No member has an annual observation of the indicator.
    case noMemberData(zone: String, indicator: String)
    /// The members' units cannot be summed or converted to a common unit.
    case unit(UnitError)

    /// A plain sentence describing the problem.
    public var description: String {
        switch self {
        case let .notAnAggregate(id): return "region ‘\(id)’ is not a zone with member regions"
        case let .noMemberData(zone, indicator): return "no member of ‘\(zone)’ has annual values of ‘\(indicator)’"
        case let .unit(error): return error.description
        }
    }
}

extension AggregationError: LocalizedError {
    /// The same sentence as ``description``.
    public var errorDescription: String? { description }
}

extension Panel {
    /// The sum of the members' annual values of `indicator` for every year in which all members are observed.
    ///
    /// Each value is derived (quality ``Quality/derived``) and its note states the rule and the weakest
    /// member quality. Years in which some member is missing are left out, never filled.
    /// - Parameters:
    ///   - zone: the identifier of an aggregate region (e.g. `Sunan`).
    ///   - indicator: the indicator key summed over the members (e.g. `gdp`).
    ///   - hierarchy: the region hierarchy that defines the zone's members.
    ///   - unit: the unit of the result; nil means the unit of the first member's series.
    /// - Throws: ``AggregationError`` when the zone has no members, no member data, or units that cannot be summed.
    public func aggregateSeries(
        zone: String, indicator: String, hierarchy: RegionHierarchy, in unit: UnitOfMeasure? = nil
    ) throws(AggregationError) -> Series {
        let members = hierarchy.members(of: zone)
        guard !members.isEmpty else { throw AggregationError.notAnAggregate(zone) }
        var memberSeries: [Series] = []
        for member in members {
            guard let series = series(region: member.id, indicator: indicator) else { continue }
            memberSeries.append(series)
        }
        guard let first = memberSeries.first else { throw AggregationError.noMemberData(zone: zone, indicator: indicator) }
        let target = unit ?? first.unit
        guard target.isAdditive else { throw AggregationError.unit(.notAdditive(target)) }
        var converted: [Series] = []
        do {
            for series in memberSeries { converted.append(try series.converted(to: target)) }
        } catch {
            throw AggregationError.unit(error)
        }
        let key = SeriesKey(region: zone, indicator: indicator)
        var observations: [Observation] = []
        if converted.count == members.count {
            let commonYears = converted.dropFirst().reduce(Set(converted[0].years)) { $0.intersection($1.years) }
            let memberNames = members.map(\.id).joined(separator: ", ")
            for year in commonYears.sorted() {
                let parts = converted.compactMap { $0.observation(in: year) }
                let total = parts.reduce(0) { $0 + $1.value }
                let weakest = parts.compactMap(\.quality).max().map(\.flag) ?? "not stated"
                observations.append(Observation(
                    region: zone, indicator: indicator, year: year, value: total, unit: target,
                    quality: .derived, source: "sum of member observations",
                    note: "derived: sum of \(memberNames) (weakest member quality: \(weakest))"))
            }
        }
        do {
            return try Series(key: key, unit: target, observations: observations, origin: .aggregate(members: members.map(\.id)))
        } catch {
            throw AggregationError.noMemberData(zone: zone, indicator: indicator)
        }
    }

    /// Year by year, what the panel holds for `indicator` in `region` over `years`: observed, aggregated
    /// from the members (zones only), partial, or missing — with the value where one exists.
    public func coverage(region: String, indicator: String, years: ClosedRange<Int>, hierarchy: RegionHierarchy) -> [CoverageCell] {
        let own = series(region: region, indicator: indicator)
        let members = hierarchy.members(of: region)
        // A zone whose members cannot be summed (no member data, a unit that does not add up) has no aggregated
        // value: its years read as partial or missing, member by member, which is what the coverage reports.
        let aggregate = members.isEmpty ? nil : try? aggregateSeries(zone: region, indicator: indicator, hierarchy: hierarchy, in: own?.unit)
        let memberSeries = members.map { (id: $0.id, series: series(region: $0.id, indicator: indicator)) }
        return years.map { year in
            if let value = own?.value(in: year) { return CoverageCell(year: year, status: .observed, value: value) }
            if let value = aggregate?.value(in: year) { return CoverageCell(year: year, status: .aggregated, value: value) }
            let observedMembers = memberSeries.filter { $0.series?.value(in: year) != nil }.map(\.id)
            if !observedMembers.isEmpty {
                let missing = memberSeries.map(\.id).filter { !observedMembers.contains($0) }
                return CoverageCell(year: year, status: .partial(observedMembers: observedMembers, missingMembers: missing), value: nil)
            }
            return CoverageCell(year: year, status: .missing, value: nil)
        }
    }

    /// Counts for a check summary; the missing share is measured over `cities` (see ``PanelSummary``).
    public func summary(cities: [String]) -> PanelSummary {
        var cells = 0
        var missing = 0
        let citySet = Set(cities)
        var yearsByIndicator: [String: [Int: Set<String>]] = [:]
        for key in seriesKeys where citySet.contains(key.region) {
            guard let series = series(key) else { continue }
            for year in series.years { yearsByIndicator[key.indicator, default: [:]][year, default: []].insert(key.region) }
        }
        for (_, byYear) in yearsByIndicator {
            guard let low = byYear.keys.min(), let high = byYear.keys.max() else { continue }
            for year in low...high {
                cells += cities.count
                missing += cities.count - (byYear[year]?.count ?? 0)
            }
        }
        return PanelSummary(
            seriesCount: seriesKeys.count, regions: regions, indicators: indicators, years: years,
            annualObservationCount: annualObservationCount, partYearObservationCount: partYearObservationCount,
            cityIndicatorCount: yearsByIndicator.count, cityYearCells: cells, missingCityYearCells: missing)
    }
}

/// Headline counts of a panel.
public struct PanelSummary: Hashable, Sendable {
    /// Annual series (region × indicator with at least one full-year value).
    public let seriesCount: Int
    /// Regions with any observation, sorted.
    public let regions: [String]
    /// Indicators with any observation, sorted.
    public let indicators: [String]
    /// First and last data year; nil for an empty panel.
    public let years: ClosedRange<Int>?
    /// Full-year observations.
    public let annualObservationCount: Int
    /// Part-year observations (kept outside the annual series).
    public let partYearObservationCount: Int
    /// Indicators with an annual value for at least one of the cities.
    public let cityIndicatorCount: Int
    /// City-year cells considered: for each such indicator, every city × every year between the first
    /// and last year in which any city reports it.
    public let cityYearCells: Int
    /// Those cells without a full-year observation.
    public let missingCityYearCells: Int

    /// The share (0…1) of city-year cells without a full-year observation; nil when there are no cells.
    public var missingCityYearShare: Double? {
        cityYearCells == 0 ? nil : Double(missingCityYearCells) / Double(cityYearCells)
    }
}
