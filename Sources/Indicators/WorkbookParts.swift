import Foundation

/// Reads the parts of a workbook's ZIP archive with the limits applied to every byte inflated.
struct WorkbookPartReader {
    let zip: ZIPDirectory
    let limits: WorkbookLimits
    private(set) var inflatedBytes = 0

    init(zip: ZIPDirectory, limits: WorkbookLimits) {
        self.zip = zip
        self.limits = limits
    }

    /// The bytes of `part`, or nil when the archive has no such part.
    mutating func data(_ part: String) throws(WorkbookProblem) -> Data? {
        guard let entry = zip.entry(part) else { return nil }
        let remaining = limits.totalBytes - inflatedBytes
        guard remaining > 0 else {
            throw WorkbookProblem("the workbook's parts add up to more than \(limits.totalBytes >> 20) MiB once uncompressed; it is refused as a possible zip bomb")
        }
        let data = try zip.contents(of: entry, limit: min(limits.partBytes, remaining))
        inflatedBytes += data.count
        return data
    }

    /// The bytes of `part`, which the workbook must have.
    mutating func required(_ part: String, role: String) throws(WorkbookProblem) -> Data {
        guard let data = try data(part) else {
            throw WorkbookProblem("the workbook lacks its \(role) (part \(part)); it is not a valid .xlsx file")
        }
        return data
    }
}

/// Where a workbook's sheets, shared strings and styles are, from `_rels/.rels`, the workbook part
/// (usually `xl/workbook.xml`) and its relationships (`xl/_rels/workbook.xml.rels`).
struct WorkbookStructure {
    /// One sheet, in the workbook's tab order.
    struct Sheet {
        let name: String
        /// The sheet's part, or nil when its relationship is missing.
        let part: String?
        /// Whether it is a worksheet (not a chart sheet, dialog sheet or macro sheet).
        let isWorksheet: Bool
    }

    let sheets: [Sheet]
    /// Dates count days from 1904-01-01 (old Mac Excel) instead of 1899-12-30.
    let uses1904Dates: Bool
    let sharedStringsPart: String?
    let stylesPart: String?

    static func read(_ parts: inout WorkbookPartReader) throws(WorkbookProblem) -> WorkbookStructure {
        var workbookPart = "xl/workbook.xml"
        if let data = try parts.data("_rels/.rels") {
            let relationships = try Relationships.read(data, part: "_rels/.rels", base: "")
            if let main = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) { workbookPart = main.target }
        }
        let workbook = try parts.required(workbookPart, role: "workbook part")
        let handler = WorkbookHandler()
        try WorkbookXML.parse(workbook, part: workbookPart, handler: handler)
        let folder = (workbookPart as NSString).deletingLastPathComponent
        let relationshipsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
        var relationships: [Relationships.Entry] = []
        if let data = try parts.data(relationshipsPart) {
            relationships = try Relationships.read(data, part: relationshipsPart, base: folder)
        }
        let byID = Dictionary(relationships.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sheets = handler.sheets.map { sheet in
            let relationship = byID[sheet.relationship]
            return Sheet(name: sheet.name, part: relationship?.target,
                         isWorksheet: relationship.map { $0.type.hasSuffix("/worksheet") } ?? true)
        }
        return WorkbookStructure(sheets: sheets, uses1904Dates: handler.uses1904Dates,
                                 sharedStringsPart: relationships.first { $0.type.hasSuffix("/sharedStrings") }?.target,
                                 stylesPart: relationships.first { $0.type.hasSuffix("/styles") }?.target)
    }

    private final class WorkbookHandler: WorkbookXMLHandler {
        var sheets: [(name: String, relationship: String)] = []
        var uses1904Dates = false
        var problem: WorkbookProblem?

        func start(_ element: String, attributes: [String: String]) {
            switch element {
            case "workbookPr":
                uses1904Dates = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
            case "sheet":
                sheets.append((WorkbookXML.unescape(attributes["name"] ?? ""), attributes["id"] ?? ""))
            default:
                break
            }
        }

        func end(_ element: String) {}
        func text(_ text: String) {}
    }
}

/// The relationships of a part: `Id` → type and target part.
enum Relationships {
    struct Entry {
        let id: String
        let type: String
        /// The target part's path inside the archive (resolved against the source part's folder).
        let target: String
    }

    /// Reads a `.rels` part; targets are resolved against `base`, external targets left out.
    static func read(_ data: Data, part: String, base: String) throws(WorkbookProblem) -> [Entry] {
        let handler = Handler(base: base)
        try WorkbookXML.parse(data, part: part, handler: handler)
        return handler.entries
    }

    /// `target` resolved against the folder `base`: a leading `/` means the archive's root; `.` and
    /// `..` are followed; `%20` and the like are decoded.
    static func resolve(_ target: String, base: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        let joined = decoded.hasPrefix("/") ? decoded : (base.isEmpty ? decoded : base + "/" + decoded)
        var components: [Substring] = []
        for component in joined.split(separator: "/") {
            if component == "." { continue }
            if component == ".." { _ = components.popLast(); continue }
            components.append(component)
        }
        return components.joined(separator: "/")
    }

    private final class Handler: WorkbookXMLHandler {
        let base: String
        var entries: [Entry] = []
        var problem: WorkbookProblem?

        init(base: String) { self.base = base }

        func start(_ element: String, attributes: [String: String]) {
            guard element == "Relationship", let id = attributes["Id"], let target = attributes["Target"],
                  attributes["TargetMode"]?.lowercased() != "external" else { return }
            entries.append(Entry(id: id, type: attributes["Type"] ?? "", target: Relationships.resolve(target, base: base)))
        }

        func end(_ element: String) {}
        func text(_ text: String) {}
    }
}

/// The shared-string table (`xl/sharedStrings.xml`): the text of every `t="s"` cell, by index. Rich
/// text runs (`<r><t>`) are joined; phonetic guides (`<rPh>`) are left out.
enum SharedStrings {
    static func read(_ data: Data, part: String) throws(WorkbookProblem) -> [String] {
        let handler = Handler()
        try WorkbookXML.parse(data, part: part, handler: handler)
        return handler.strings
    }

    private final class Handler: WorkbookXMLHandler {
        var strings: [String] = []
        var current = ""
        var inItem = false
        var inText = false
        var phoneticDepth = 0
        var problem: WorkbookProblem?

        func start(_ element: String, attributes: [String: String]) {
            switch element {
            case "si": inItem = true; current = ""
            case "rPh": phoneticDepth += 1
            case "t": inText = inItem && phoneticDepth == 0
            default: break
            }
        }

        func end(_ element: String) {
            switch element {
            case "si":
                strings.append(WorkbookXML.unescape(current))
                inItem = false
            case "rPh": phoneticDepth = max(0, phoneticDepth - 1)
            case "t": inText = false
            default: break
            }
        }

        func text(_ text: String) {
            if inText { current += text }
        }
    }
}

/// How a cell's number format shows its number: as it is, as a date or time, or as a percentage.
enum NumberStyle: Equatable {
    case plain
    case date
    case percent
}

/// The number style of every cell format (`cellXfs` of `xl/styles.xml`), by the cell's `s` index.
enum CellStyles {
    static func read(_ data: Data, part: String) throws(WorkbookProblem) -> [NumberStyle] {
        let handler = Handler()
        try WorkbookXML.parse(data, part: part, handler: handler)
        return handler.formatIDs.map { id in handler.customFormats[id].map(style(ofFormatCode:)) ?? builtInStyle(id) }
    }

    /// The style of the built-in format `id`: 9–10 percentages; 14–22 and 45–47 dates and times;
    /// 27–36 and 50–58 the dates of Chinese, Japanese and Korean Excel.
    static func builtInStyle(_ id: Int) -> NumberStyle {
        switch id {
        case 9, 10: return .percent
        case 14...22, 27...36, 45...47, 50...58: return .date
        default: return .plain
        }
    }

    /// The style of a format code such as `yyyy-mm-dd`, `0.0%` or `#,##0.00`, judged from its first
    /// section with quoted text, escaped characters, padding and `[…]` colours and locales removed:
    /// a date or time when a y, m, d, h or s is left (or an elapsed-time `[h]`), a percentage when a
    /// `%` is left.
    static func style(ofFormatCode code: String) -> NumberStyle {
        var kept = ""
        var characters = code.makeIterator()
        var elapsed = false
        loop: while let character = characters.next() {
            switch character {
            case ";": break loop
            case "\"": while let next = characters.next(), next != "\"" {}
            case "\\", "_", "*": _ = characters.next()
            case "[":
                var inside = ""
                while let next = characters.next(), next != "]" { inside.append(next) }
                let lowered = inside.lowercased()
                if !lowered.isEmpty, lowered.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { elapsed = true }
            default: kept.append(character)
            }
        }
        let lowered = kept.lowercased()
        if elapsed || lowered.contains(where: { "ymdhs".contains($0) }) { return .date }
        if lowered.contains("%") { return .percent }
        return .plain
    }

    private final class Handler: WorkbookXMLHandler {
        var customFormats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inFormats = false
        var inCellFormats = false
        var problem: WorkbookProblem?

        func start(_ element: String, attributes: [String: String]) {
            switch element {
            case "numFmts": inFormats = true
            case "cellXfs": inCellFormats = true
            case "numFmt" where inFormats:
                if let id = attributes["numFmtId"].flatMap({ Int($0) }) { customFormats[id] = attributes["formatCode"] ?? "" }
            case "xf" where inCellFormats:
                formatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            default: break
            }
        }

        func end(_ element: String) {
            if element == "numFmts" { inFormats = false }
            if element == "cellXfs" { inCellFormats = false }
        }

        func text(_ text: String) {}
    }
}
