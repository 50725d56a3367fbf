/// Identifies one series of a panel: a region and an indicator (e.g. `Nanjing` × `gdp`).
public struct SeriesKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The region identifier as written in the data (English name, e.g. `Suzhou`, `Jiangsu`, `Sunan`).
    public let region: String
    /// The indicator key, e.g. `tech_contract_value`.
    public let indicator: String

    /// The key of `indicator` in `region`.
    public init(region: String, indicator: String) {
        self.region = region
        self.indicator = indicator
    }

    /// Orders by region, then indicator.
    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.region, lhs.indicator) < (rhs.region, rhs.indicator)
    }

    /// `region/indicator`.
    public var description: String { "\(region)/\(indicator)" }
}

/// The part of a year an observation covers: `year` for a full-year value, otherwise a label
/// such as `Jan-May`, `Q1-3`, `H1` or `Sep` (an end-of-month stock).
///
/// Part-year observations are kept in a panel but never enter an annual ``Series``.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The label as written in the data; `year` for full-year values.
    public let label: String

    /// The full calendar year.
    public static let year = Period("year")

    /// A period with `label`; an empty label or any capitalisation of `year` means the full year.
    public init(_ label: String) {
        let trimmed = label.trimmingWhitespace()
        self.label = trimmed.isEmpty || trimmed.lowercased() == "year" ? "year" : trimmed
    }

    /// Whether the observation covers the full calendar year.
    public var isAnnual: Bool { label == "year" }

    /// Full-year first, then part-year labels alphabetically.
    public static func < (lhs: Period, rhs: Period) -> Bool {
        if lhs.isAnnual != rhs.isAnnual { return lhs.isAnnual }
        return lhs.label < rhs.label
    }

    /// The label.
    public var description: String { label }
}

/// How much trust an observation deserves, as flagged in the source data.
public struct Quality: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The flag as written in the data, e.g. `official`.
    public let flag: String

    /// A flag as written in the data (trimmed, lower-cased).
    public init(_ flag: String) { self.flag = flag.trimmingWhitespace().lowercased() }

    /// Published by a statistics bureau or government department.
    public static let official = Quality("official")
    /// An official figure found only in a reprint (news site, aggregator); weaker evidence.
    public static let reprint = Quality("reprint")
    /// A rounded or "about" figure.
    public static let approximate = Quality("approximate")
    /// A figure stated as "over X": the true value is at least this.
    public static let lowerBound = Quality("lower_bound")
    /// A figure whose year or definition still needs verification; weakest evidence.
    public static let verify = Quality("verify")
    /// A value derived by the toolkit (e.g. the sum of member cities), with the rule in the note.
    public static let derived = Quality("derived")

    /// Every flag the toolkit knows, strongest evidence first.
    public static let known: [Quality] = [.official, .derived, .reprint, .approximate, .lowerBound, .verify]

    /// Whether the flag is one of ``known``.
    public var isKnown: Bool { Quality.known.contains(self) }

    /// Rank by strength of evidence: earlier in ``known`` is stronger (smaller); unknown flags are weakest.
    public static func < (lhs: Quality, rhs: Quality) -> Bool {
        let l = known.firstIndex(of: lhs) ?? known.count
        let r = known.firstIndex(of: rhs) ?? known.count
        return l != r ? l < r : lhs.flag < rhs.flag
    }

    /// The flag.
    public var description: String { flag }
}

/// One number of a panel: a region's indicator in one year (or part of a year), with its unit and provenance.
public struct Observation: Hashable, Sendable {
    /// The region identifier, e.g. `Changzhou`.
    public let region: String
    /// The indicator key, e.g. `gdp`.
    public let indicator: String
    /// The data year (the year the value describes, not the publication year).
    public let year: Int
    /// The part of the year covered; ``Period/year`` for annual values.
    public let period: Period
    /// The value, measured in ``unit``.
    public let value: Double
    /// The unit of ``value``.
    public let unit: UnitOfMeasure
    /// The evidence flag; nil when the file states none.
    public let quality: Quality?
    /// Where the number comes from (publication, URL); empty when the file states none.
    public let source: String
    /// Free-text remarks from the file, or the rule that derived a value.
    public let note: String
    /// Every other non-empty column of the source row (e.g. `region_zh`, `description`), by column name.
    public let attributes: [String: String]

    /// An observation; `attributes` keeps the non-empty extra columns of its row.
    public init(
        region: String, indicator: String, year: Int, period: Period = .year, value: Double, unit: UnitOfMeasure,
        quality: Quality? = nil, source: String = "", note: String = "", attributes: [String: String] = [:]
    ) {
        self.region = region
        self.indicator = indicator
        self.year = year
        self.period = period
        self.value = value
        self.unit = unit
        self.quality = quality
        self.source = source
        self.note = note
        self.attributes = attributes.filter { !$0.value.isEmpty }
    }

    /// The series this observation belongs to.
    public var key: SeriesKey { SeriesKey(region: region, indicator: indicator) }

    /// The value with its unit.
    public var quantity: Quantity { Quantity(value, unit) }

    /// The same observation with its value expressed in `target`.
    public func converted(to target: UnitOfMeasure) throws(UnitError) -> Observation {
        Observation(
            region: region, indicator: indicator, year: year, period: period,
            value: try unit.convert(value, to: target), unit: target,
            quality: quality, source: source, note: note, attributes: attributes)
    }
}

/// A year and a value: one point of an annual series.
public struct YearValue: Hashable, Sendable {
    /// The data year.
    public let year: Int
    /// The value in the series' unit.
    public let value: Double

    /// The point (`year`, `value`).
    public init(year: Int, value: Double) {
        self.year = year
        self.value = value
    }
}
