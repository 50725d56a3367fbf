import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What reads the elements of one XML part of a workbook, in document order.
///
/// Element and attribute names arrive without their namespace prefix (`x:c` as `c`, `r:id` as `id`):
/// writers differ in the prefixes they use, never in the local names.
protocol WorkbookXMLHandler: AnyObject {
    /// An element opens.
    func start(_ element: String, attributes: [String: String])
    /// An element closes.
    func end(_ element: String)
    /// Text inside the current element (possibly in several pieces).
    func text(_ text: String)
    /// A problem the handler found, which stops the parse; nil while all is well.
    var problem: WorkbookProblem? { get }
}

/// Parses workbook parts with Foundation's `XMLParser`, refusing what no spreadsheet program writes
/// but an attack needs: document type declarations (entity expansion) and encodings other than UTF-8.
enum WorkbookXML {
    /// Feeds the part `data`, called `part` in messages, to `handler`.
    /// - Throws: ``WorkbookProblem`` naming the part, with the XML parser's line and column, when the
    ///   part is not well-formed UTF-8 XML, declares a document type, or the handler found a problem.
    static func parse(_ data: Data, part: String, handler: some WorkbookXMLHandler) throws(WorkbookProblem) {
        try refuseUnsafe(data, part: part)
        // From a stream, XMLParser hands libxml2 the part in chunks; given the whole Data at once it
        // fails on parts over 10 MB (libxml2's "huge input lookup") and, on Linux, reports some
        // malformed documents (a tag left open or mismatched) as parsed, with only `parserError` set.
        let parser = XMLParser(stream: InputStream(data: data))
        let delegate = Delegate(handler: handler)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let succeeded = parser.parse()
        if let problem = handler.problem { throw problem }
        guard succeeded, parser.parserError == nil else {
            let code = (parser.parserError as NSError?)?.code
            throw WorkbookProblem("part \(part) is not well-formed XML (near line \(parser.lineNumber), column \(parser.columnNumber)"
                + (code.map { "; XML parser error \($0)" } ?? "") + "): the workbook is corrupted; save it again from Excel, WPS or LibreOffice")
        }
    }

    /// Refuses parts that are not UTF-8 (Foundation's XMLParser traps on some malformed UTF-8 inside
    /// a tag) and any `<!DOCTYPE`.
    private static func refuseUnsafe(_ data: Data, part: String) throws(WorkbookProblem) {
        let head = [UInt8](data.prefix(4))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) || head.contains(0) {
            throw WorkbookProblem("part \(part) is not UTF-8 XML; save the workbook again from Excel, WPS or LibreOffice")
        }
        let bytes = [UInt8](data)
        if let offset = UTF8Check.firstInvalidOffset(bytes, from: 0) {
            throw WorkbookProblem("part \(part) is not valid UTF-8 (byte \(offset + 1) of the part); the workbook is corrupted")
        }
        let doctype = Array("<!DOCTYPE".utf8)
        let found = data.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= doctype.count else { return false }
            var index = 0
            while index <= bytes.count - doctype.count {
                if bytes[index] == 0x3C, bytes[index + 1] == 0x21, bytes[index + 2] == 0x44 {
                    var match = true
                    for k in 3..<doctype.count where bytes[index + k] != doctype[k] { match = false; break }
                    if match { return true }
                }
                index += 1
            }
            return false
        }
        if found {
            throw WorkbookProblem("part \(part) declares a document type (<!DOCTYPE>), which no spreadsheet program writes; it is refused as unsafe")
        }
    }

    /// Forwards `XMLParser`'s callbacks to a handler, with prefixes removed, and stops the parser when
    /// the handler reports a problem.
    private final class Delegate<Handler: WorkbookXMLHandler>: NSObject, XMLParserDelegate {
        let handler: Handler

        init(handler: Handler) { self.handler = handler }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            if attributes.keys.contains(where: { $0.utf8.contains(UInt8(ascii: ":")) }) {
                var local: [String: String] = [:]
                for (key, value) in attributes { local[WorkbookXML.localName(key)] = value }
                handler.start(WorkbookXML.localName(elementName), attributes: local)
            } else {
                handler.start(WorkbookXML.localName(elementName), attributes: attributes)
            }
            if handler.problem != nil { parser.abortParsing() }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            handler.end(WorkbookXML.localName(elementName))
            if handler.problem != nil { parser.abortParsing() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            handler.text(string)
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            handler.text(String(decoding: CDATABlock, as: UTF8.self))
        }
    }

    /// `name` without its namespace prefix (`x:c` → `c`); `xml:space` stays as it is.
    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.firstIndex(of: UInt8(ascii: ":")), !name.hasPrefix("xml:") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// `text` with the escapes of OOXML strings decoded: `_x000D_` is a carriage return, `_x005F_` an
    /// underscore (ECMA-376 ST_Xstring).
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_",
               scalars[(index + 2)..<(index + 6)].allSatisfy({ $0.properties.isASCIIHexDigit }),
               let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                result.append(scalar)
                index += 7
                continue
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }
}
