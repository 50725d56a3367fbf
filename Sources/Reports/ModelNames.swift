import Foundation

/// The names of forecasting models for planners: a family's name (`loglinear` → 对数线性趋势) and the
/// label of an `auto` forecast (`auto: median(holt, drift)` → 自动：霍尔特趋势、漂移法的中位数).
///
/// English output keeps the model codes as `sunan forecast --model` and `forecasts.csv` write them
/// (they are what a planner types); Chinese output names every model in Chinese. A code this table
/// does not know is shown as it is.
public enum ModelNames {
    /// The Chinese name of a model family or `auto` member, by its code; nil for an unknown code.
    public static func chineseName(of code: String) -> String? {
        switch code.lowercased() {
        case "auto": return "自动"
        case "naive": return "末值延续"
        case "drift", "rwd", "random-walk-drift": return "漂移法"
        case "linear": return "线性趋势"
        case "loglinear", "log-linear": return "对数线性趋势"
        case "quadratic": return "二次趋势"
        case "local", "ewls": return "局部线性趋势"
        case "holt": return "霍尔特趋势"
        case "damped": return "阻尼趋势"
        case "ses-drift": return "漂移指数平滑"
        case "ses-drift-fixed": return "漂移指数平滑（定参）"
        case "theta": return "θ法"
        case "theta-log": return "对数θ法"
        case "theta5-log": return "对数θ法（θ=5）"
        case "logistic": return "逻辑斯谛曲线"
        case "gompertz": return "冈珀茨曲线"
        default: return nil
        }
    }

    /// A model label in `language`: a family code, or an `auto` label (`auto: holt`, `auto: median(a, b)`,
    /// `auto: median of 8`).
    /// English: the label unchanged. Chinese: every known code by its Chinese name, the members of a
    /// median joined by `、`; an unknown code stays as it is.
    public static func text(_ label: String, _ language: Language) -> String {
        guard language == .zh else { return label }
        let auto = "auto: "
        guard label.hasPrefix(auto) else { return name(label) }
        let rest = label.dropFirst(auto.count)
        let prefix = name("auto") + "："
        if rest.hasPrefix("median("), rest.hasSuffix(")") {
            let members = rest.dropFirst("median(".count).dropLast().split(separator: ",")
                .map { name($0.trimmingCharacters(in: .whitespaces)) }
            return prefix + members.joined(separator: "、") + "的中位数"
        }
        let medianOf = "median of "
        if rest.hasPrefix(medianOf), let count = Int(rest.dropFirst(medianOf.count)) {
            return prefix + "\(count)个模型的中位数"
        }
        return prefix + name(String(rest))
    }

    private static func name(_ code: String) -> String { chineseName(of: code) ?? code }
}
