import Foundation

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
