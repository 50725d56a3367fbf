import Indicators
import Scenarios

/// The language of labels, headings and sentences in reports.
public enum Language: String, Sendable, CaseIterable {
    /// Simplified Chinese.
    case zh
    /// English.
    case en
}

/// A name in both report languages.
public struct LocalizedName: Sendable, Equatable {
    /// English name.
    public let en: String
    /// Chinese (simplified) name.
    public let zh: String

    /// A bilingual name.
    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }

    /// The name in `language` (the English one when the Chinese is missing, and vice versa).
    public func text(_ language: Language) -> String {
        switch language {
        case .zh: return zh.isEmpty ? en : zh
        case .en: return en.isEmpty ? zh : en
        }
    }
}

/// Chinese and English names of regions and indicators, taken from the data: the region hierarchy's
/// names, the panel's `region_zh` column, the indicator catalog (`indicators.csv`) and, for indicators
/// the catalog does not name, the targets' Chinese indicator names. A scenario's zone that no file
/// names is named in Chinese by its members (`北京、上海、江苏合计`). Unknown keys are shown as they are.
public struct NameBook: Sendable {
    /// Region names by region id.
    public var regions: [String: LocalizedName]
    /// Indicator names by indicator key.
    public var indicators: [String: LocalizedName]

    /// A name book from explicit tables.
    public init(regions: [String: LocalizedName] = [:], indicators: [String: LocalizedName] = [:]) {
        self.regions = regions
        self.indicators = indicators
    }

    /// Names collected from loaded data; the catalog's names take precedence over the targets'. `zone`,
    /// when the regions file does not name it, is named by its members.
    public init(hierarchy: RegionHierarchy?, panel: Panel, targets: [Target], catalog: IndicatorCatalog? = nil,
                zone: ZoneSpecification? = nil) {
        var regions: [String: LocalizedName] = [:]
        for observation in panel.observations where regions[observation.region] == nil {
            if let zh = observation.attributes["region_zh"], !zh.isEmpty {
                regions[observation.region] = LocalizedName(en: observation.region, zh: zh)
            }
        }
        for region in hierarchy?.regions ?? [] {
            regions[region.id] = LocalizedName(en: region.nameEn, zh: region.nameZh)
        }
        if let zone, regions[zone.region] == nil, !zone.members.isEmpty {
            let members = zone.members.map { regions[$0]?.text(.zh) ?? $0 }
            regions[zone.region] = LocalizedName(en: zone.region, zh: members.joined(separator: "、") + "合计")
        }
        var indicators: [String: LocalizedName] = [:]
        for target in targets where indicators[target.indicator] == nil {
            indicators[target.indicator] = LocalizedName(en: target.indicator.replacingOccurrences(of: "_", with: " "),
                                                         zh: target.indicatorZh)
        }
        for entry in catalog?.entries ?? [] {
            indicators[entry.key] = LocalizedName(en: entry.nameEn, zh: entry.nameZh)
        }
        self.init(regions: regions, indicators: indicators)
    }

    /// The region's name in `language`, or its id.
    public func region(_ id: String, _ language: Language) -> String {
        regions[id]?.text(language) ?? id
    }

    /// The indicator's name in `language`, or its key with spaces.
    public func indicator(_ key: String, _ language: Language) -> String {
        indicators[key]?.text(language) ?? key.replacingOccurrences(of: "_", with: " ")
    }
}
