import Foundation

/// Text helpers shared by the SVG and HTML writers: escaping, fixed-decimal coordinates and an
/// estimate of rendered text width.
public enum SVGText {
    /// `text` with the five XML special characters escaped, safe in element content and in attributes.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default:
                // Control characters other than tab and line breaks are not allowed in XML 1.0.
                if let scalar = character.unicodeScalars.first, scalar.value < 0x20,
                   scalar != "\t", scalar != "\n", scalar != "\r" {
                    continue
                }
                escaped.append(character)
            }
        }
        return escaped
    }

    /// A coordinate with exactly two decimals (`12.30`), never `-0.00`: the same bytes on every platform.
    public static func coordinate(_ value: Double) -> String {
        value.isFinite ? NumberText.positional(value, decimals: 2) : "0.00"
    }

    /// Approximate width in pixels of `text` at `fontSize`: East Asian wide characters about one em,
    /// other characters about 0.56 em (enough for layout of legends and labels).
    public static func width(_ text: String, fontSize: Double) -> Double {
        Double(TextWidth.of(text)) * 0.56 * fontSize
    }
}
