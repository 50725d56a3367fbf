/// Data sources in Chinese: the citations of the `source` column of the shipped data
/// (`notebooks-data`) by their Chinese titles, and a rule for every other source.
///
/// The rule: a citation of the table gets its Chinese form; a web address, or a citation without
/// Latin letters, stays as it is (an address is a code, and a Chinese citation needs no translation);
/// any other citation has no Chinese form here, and the report quotes it as the data file states it.
public enum SourceNames {
    /// The Chinese form of every citation that occurs in `notebooks-data`, by its English text.
    public static let chinese: [String: String] = [
        "China Statistical Yearbook (NBS), general public budget expenditure by region":
            "《中国统计年鉴》（国家统计局），分地区一般公共预算支出",
        "China Statistical Yearbook on Science and Technology (NBS and MOST), edition of year+1":
            "《中国科技统计年鉴》（国家统计局、科学技术部），数据年份次年版",
        "NBS statistical bulletin on national S&T expenditure, year in title":
            "国家统计局《全国科技经费投入统计公报》，标题年份即数据年份",
        "city statistical yearbooks, first-published figures (as compiled in the CSMAR China Regional Economy database)":
            "各市统计年鉴首次公布数（据国泰安CSMAR中国区域经济数据库整理）",
        "city statistical yearbooks (as compiled in the CEIC China Premium database)":
            "各市统计年鉴（据CEIC中国经济数据库整理）",
    ]

    /// The source in `language`: unchanged in English; in Chinese its form from ``chinese``, or the
    /// source itself when it is a web address or has no Latin letters; nil when it has no Chinese form.
    public static func text(_ source: String, _ language: Language) -> String? {
        guard language == .zh else { return source }
        if let translated = chinese[source] { return translated }
        if isWebAddress(source) || !Localization.hasLatinLetters(source) { return source }
        return nil
    }

    /// Whether `text` is one web address (`http://…`, `https://…`, without spaces).
    static func isWebAddress(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && !text.contains(" ")
    }
}
