import Foundation

/// Finds the English words left in a Chinese output: what "Chinese throughout" (issue 13) is measured by.
///
/// A token is a run of ASCII letters, digits and the characters of codes, paths and addresses
/// (`_ - . / & : % + ? = # ~ '`), without trailing punctuation. A token is not an English word when it
/// has fewer than two letters (a number, or a symbol of a formula such as `t` or `p`), is one of the
/// given `codes` (target ids, scenario codes, indicator keys …), is one of ``acronyms``, is a file name
/// or a path ending in one (`gaps.csv`, `notebooks-data/targets.csv`), or is a web address. Every
/// other token is an English word.
public struct EnglishWords: Sendable {
    /// The acronyms a Chinese text may use as they are.
    public static let acronyms: Set<String> = ["R&D", "GDP", "CSV", "HTML", "CSMAR", "CEIC"]

    /// Tokens that are codes of the output checked.
    public let codes: Set<String>

    /// A scanner allowing `codes` besides the acronyms, file names and web addresses.
    public init(codes: Set<String> = []) { self.codes = codes }

    /// The English words of `text`, in order, with repeats.
    public func words(in text: String) -> [String] {
        let codeCharacters = Set("_-./&:%+?=#~'")
        let tokens = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || codeCharacters.contains($0))) }
        return tokens.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".,:;'")) }.filter(isWord)
    }

    private func isWord(_ token: String) -> Bool {
        guard token.filter({ $0.isASCII && $0.isLetter }).count >= 2 else { return false }
        if codes.contains(token) || Self.acronyms.contains(token) { return false }
        if token.hasPrefix("http://") || token.hasPrefix("https://") { return false }
        return token.range(of: #"^[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.(csv|json|md|html|yaml|yml|svg|xlsx|txt)$"#,
                           options: .regularExpression) == nil
    }

    /// The visible text of an HTML page: without its style sheet and tags (the text of inline SVG
    /// charts kept), the five XML entities decoded.
    public static func visibleText(html: String) -> String {
        var text = html.replacingOccurrences(of: #"(?s)<style>.*?</style>"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }
}
