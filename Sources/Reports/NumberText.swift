import Foundation

/// Every number sunan writes, in one place: tables, CSV and JSON, prose, the HTML report, chart
/// labels and the command line all format numbers here, never with raw `Double.description`, so
/// outputs are byte-stable.
///
/// The styles, each with its exact behaviour:
/// - C formats: ``general(_:digits:)`` (`%.Ng`: ``value(_:)`` with 6 digits, ``rate(_:)`` with 4) and
///   ``fixed(_:decimals:)`` (`%.Nf`: ``probability(_:)`` with 4 decimals) — for tables.
/// - Positional: ``significant(_:digits:)`` (at least four significant digits, never an exponent),
///   ``trimmed(_:)`` (the same without trailing zeros), ``signed(_:)``, ``plain(_:)`` and
///   ``positional(_:decimals:)`` (fixed decimals without a negative zero) — for prose, reports and charts.
/// - Percentages: ``percent(_:_:)``, ``chance(_:_:)``, ``percentOfDraws(_:)``, ``signedRate(_:)``,
///   ``signedPercent(_:)`` and ``upliftPercent(_:)``.
///
/// Missing values (nil, NaN, infinity) give an empty string unless a style says otherwise. C formats
/// go through the C library (`strfromd`, else `vsnprintf`) into a stack buffer: the same text as
/// `String(format:)` (which hands floating-point conversions to the C library too) at a fraction of its
/// cost, which matters when a forecast writes tens of thousands of numbers; `%.Ng` of ordinary
/// magnitudes is written by `GeneralFormat`, which rounds exactly as the C library does.
public enum NumberText {
    // MARK: - C formats

    /// `x` in C's `%.<digits>g`: `digits` significant digits, an exponent for very large or small
    /// values; empty when missing.
    public static func general(_ x: Double?, digits: Int) -> String {
        guard let x, x.isFinite else { return "" }
        return GeneralFormat.format(x, digits: digits) ?? printf(x, "%.\(digits)g")
    }

    /// `x` in C's `%.<decimals>f` (a negative value rounding to zero keeps its sign, `-0.000`); empty
    /// when missing.
    public static func fixed(_ x: Double?, decimals: Int) -> String {
        guard let x, x.isFinite else { return "" }
        return printf(x, "%.\(decimals)f")
    }

    // MARK: Tables

    /// A value with 6 significant digits (`%.6g`) — what a planner pastes; empty when missing.
    public static func value(_ x: Double?) -> String { general(x, digits: 6) }

    /// A probability or share with 4 decimals; empty when missing.
    public static func probability(_ x: Double?) -> String { fixed(x, decimals: 4) }

    /// A growth rate as a fraction with 4 significant digits (`0.1234` = 12.34 %/yr); empty when missing.
    public static func rate(_ x: Double?) -> String { general(x, digits: 4) }

    /// An interval level's name in column headers: `80` for 0.80, `97.5` for 0.975 (`%g` of the
    /// percentage rounded to one decimal).
    public static func level(_ level: Double) -> String { printf((level * 1000).rounded() / 10, "%g") }

    // MARK: Positional: never an exponent

    /// `x` with `decimals` fixed decimals and never a negative zero (`-0.00` is written `0.00`); NaN
    /// and infinity as C writes them (`nan`, `inf`).
    public static func positional(_ x: Double, decimals: Int) -> String {
        let text = printf(x, "%.\(decimals)f")
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// `x` with at least `digits` significant digits and no exponent (integers keep all their digits:
    /// `20113`, `1346`, `86.65`, `0.3282`); empty when missing.
    public static func significant(_ x: Double?, digits: Int = 4) -> String {
        guard let x, x.isFinite else { return "" }
        if x == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(x))))
        return positional(x, decimals: max(0, digits - 1 - magnitude))
    }

    /// ``significant(_:digits:)`` without trailing zeros after the decimal point — a value for prose
    /// and thresholds as the plan states them (`1346`, `152.6`, `0.1235`, `500`, `15`); empty when missing.
    public static func trimmed(_ x: Double?) -> String {
        var text = significant(x)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A signed number (`+346.2`, `−12.5`, with a true minus sign) with ``significant(_:digits:)``
    /// digits; empty when missing.
    public static func signed(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        let text = significant(abs(x))
        return (x < 0 && text != "0" ? "−" : "+") + text
    }

    /// A parameter from a scenario file in its shortest form: whole numbers without decimals (`10`),
    /// others in `%g` (`2.5`).
    public static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : printf(x, "%g")
    }

    // MARK: Percentages

    /// A fraction as a percentage with one decimal for prose (`0.0655` → `6.6%` in Chinese, `6.6 %`
    /// in English); empty when missing.
    public static func percent(_ fraction: Double?, _ language: Language) -> String {
        guard let fraction, fraction.isFinite else { return "" }
        return printf(fraction * 100, "%.1f") + (language == .zh ? "%" : " %")
    }

    /// A probability as a whole percentage for prose (`0.9182` → `92%` / `92 %`), with `>99` and `<1`
    /// at the extremes that rounding would show as certain or impossible, and `<20`, `<50`, `<80` just
    /// below a status boundary (so `0.497` never reads as a probable 50 %); empty when missing.
    public static func chance(_ p: Double?, _ language: Language) -> String {
        guard let p, p.isFinite else { return "" }
        let sign = language == .zh ? "%" : " %"
        if p > 0.995, p < 1 { return ">99" + sign }
        if p < 0.005, p > 0 { return "<1" + sign }
        for boundary in [20, 50, 80] where p < Double(boundary) / 100 && p >= (Double(boundary) - 0.5) / 100 {
            return "<\(boundary)" + sign
        }
        return printf(p * 100, "%.0f") + sign
    }

    /// A share of draws as a percentage with one decimal (`91.8%`), `<0.1%` and `>99.9%` where
    /// rounding would show an uncertain outcome as impossible or certain; empty when missing.
    public static func percentOfDraws(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "" }
        if fraction > 0, fraction < 0.0005 { return "<0.1%" }
        if fraction < 1, fraction > 0.9995 { return ">99.9%" }
        return printf(fraction * 100, "%.1f%%")
    }

    /// A growth rate (a fraction) as a percentage with one decimal and a true minus sign (`14.2%`,
    /// `−39.5%`); empty when missing.
    public static func signedRate(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "" }
        let text = printf(abs(fraction) * 100, "%.1f%%")
        return (fraction < 0 && text != "0.0%" ? "−" : "") + text
    }

    /// A percentage that is already in percent, signed, with one decimal (`+34.6%`, `−2.0%`); empty
    /// when missing.
    public static func signedPercent(_ percent: Double?) -> String {
        guard let percent, percent.isFinite else { return "" }
        let text = printf(abs(percent), "%.1f%%")
        return (percent < 0 && text != "0.0%" ? "−" : "+") + text
    }

    /// A required uplift in percent a year (`+12.3%`), `0` when none is needed, `—` when missing.
    public static func upliftPercent(_ percent: Double?) -> String {
        guard let percent, percent.isFinite else { return "—" }
        return percent == 0 ? "0" : printf(percent, "+%.1f%%")
    }

    // MARK: - The C library

    /// `x` printed with the C format `format` (one double conversion).
    ///
    /// A format that is nothing but the conversion (`%.10g`, `%.4f`, `%g`) goes to the C library's
    /// `strfromd` where it has one (glibc): the same digits as `vsnprintf` (glibc formats both with its
    /// `printf_fp`) without building a `va_list`, which costs more than the conversion itself.
    private static func printf(_ x: Double, _ format: String) -> String {
        let capacity = 64
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let length = format.withCString { cFormat in
                if let strfromd = CDoubleFormatting.strfromd, CDoubleFormatting.isSingleConversion(cFormat) {
                    return strfromd(buffer.baseAddress!, capacity, cFormat, x)
                }
                return withVaList([x]) { vsnprintf(buffer.baseAddress!, capacity, cFormat, $0) }
            }
            guard length >= 0, length < capacity else { return String(format: format, x) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(length)), as: UTF8.self)
        }
    }
}

/// The C library's `strfromd` (C23; glibc 2.25 and later), looked up once at run time because the
/// Swift overlay does not declare it; nil where the library lacks it.
private enum CDoubleFormatting {
    /// `int strfromd(char *str, size_t n, const char *format, double fp)`.
    typealias Function = @convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32

    static let strfromd: Function? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_LAZY), "strfromd") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()

    /// Whether `format` is one conversion that `strfromd` accepts: `%`, an optional `.` and digits,
    /// then one of `aAeEfFgG`, and nothing else.
    static func isSingleConversion(_ format: UnsafePointer<CChar>) -> Bool {
        guard format[0] == 0x25 else { return false }
        var index = 1
        if format[index] == 0x2E {
            index += 1
            while (0x30...0x39).contains(format[index]) { index += 1 }
        }
        guard "aAeEfFgG".utf8.contains(UInt8(bitPattern: format[index])) else { return false }
        return format[index + 1] == 0
    }
}
