import Scenarios

/// The words of a run's typed results in English and simplified Chinese: the target statuses and
/// paces, the series kinds and the provenance kinds of `Scenarios`' result vocabulary. Every renderer (summary,
/// run table, HTML report, terminal colours) takes its words from here, and every switch below is
/// exhaustive, so a new case cannot reach a planner without its words in both languages.
///
/// The English status and provenance words are the codes the CSV and JSON files write
/// (`TargetStatus.rawValue`, `ProvenanceKind.rawValue`), so the report and the files use one word.
public enum ResultWords {
    /// The status word in `language` (`likely`, `很可能达成`).
    public static func status(_ status: TargetStatus, _ language: Language) -> String {
        let zh: String
        switch status {
        case .achieved: zh = "已达成"
        case .missed: zh = "未达成"
        case .likely: zh = "很可能达成"
        case .probable: zh = "较可能达成"
        case .atRisk: zh = "有风险"
        case .unlikely: zh = "难以达成"
        case .noData: zh = "无数据"
        case .outsideHorizon: zh = "超出预测期"
        case .unitMismatch: zh = "单位不可比"
        }
        return language == .zh ? zh : status.rawValue
    }

    /// Whether a status means the target is met or within reach (for colouring).
    public static func tone(_ status: TargetStatus) -> StatusTone {
        switch status {
        case .achieved, .likely: return .good
        case .probable: return .warning
        case .missed, .atRisk, .unlikely: return .bad
        case .noData, .outsideHorizon, .unitMismatch: return .neutral
        }
    }

    /// The pace word in `language` (`on track`, `进度正常`).
    public static func pace(_ pace: TargetPace, _ language: Language) -> String {
        let zh: String
        switch pace {
        case .alreadyMet: zh = "已满足"
        case .onTrack: zh = "进度正常"
        case .accelerationNeeded: zh = "需要加速"
        case .limitedProgress: zh = "进展有限"
        case .deterioration: zh = "背离目标"
        case .noHistory: zh = "历史数据不足"
        }
        return language == .zh ? zh : pace.rawValue
    }

    /// What a series is, in `language` (`observed series, projected`, `由其他序列推算`), as fan charts
    /// name it.
    public static func seriesKind(_ kind: SeriesKind, _ language: Language) -> String {
        let words: (en: String, zh: String)
        switch kind {
        case .projected: words = ("observed series, projected", "观测序列预测")
        case .derived: words = ("derived from another series", "由其他序列推算")
        case .sum: words = ("sum of the members", "成员地区加总")
        case .driver: words = ("investment driver", "投入驱动指标")
        }
        return language == .zh ? words.zh : words.en
    }

    /// What a provenance entry records, in `language` (`elasticity`, `弹性`).
    public static func provenanceKind(_ kind: ProvenanceKind, _ language: Language) -> String {
        let zh: String
        switch kind {
        case .data: zh = "数据来源"
        case .model: zh = "模型"
        case .elasticity: zh = "弹性"
        case .factor: zh = "换算因子"
        case .share: zh = "份额"
        case .allocation: zh = "目标分解"
        }
        return language == .zh ? zh : kind.rawValue
    }
}

/// How a status word is coloured on a terminal.
public enum StatusTone: Sendable, Equatable {
    /// Achieved or likely (green).
    case good
    /// Probable (yellow).
    case warning
    /// Missed, at risk or unlikely (red).
    case bad
    /// No data and other states (uncoloured).
    case neutral
}
