extension CSVDocument {
    /// Reads the file at `path` and parses it as CSV with a header row, for commands that need the
    /// raw document (and the file's bytes, to hand on to other loaders).
    /// - Returns: the file, the document and the warnings found in splitting it (for
    ///   ``PanelLoader/read(_:issues:rules:)``, which then need not split the file again).
    /// - Throws: ``ValidationFailure`` with the problem that stops reading (missing or unreadable file)
    ///   or every structural error (encoding, ragged rows, quotes, an empty file).
    public static func load(path: String) throws(ValidationFailure)
        -> (file: DataFile, document: CSVDocument, warnings: [ValidationIssue]) {
        let file = try DataFile.load(path: path)
        let (document, issues) = read(file)
        let errors = issues.filter { $0.severity == .error }
        guard let document, errors.isEmpty else { throw ValidationFailure(issues: errors) }
        return (file, document, issues)
    }

    /// The error for a header that lacks some of `required` columns (naming them and `kind`, e.g.
    /// "a targets file"), or nil when every one is present.
    public func missingColumnsIssue(_ required: [String], in kind: String) -> ValidationIssue? {
        let missing = required.filter { column($0) == nil }
        guard !missing.isEmpty else { return nil }
        return .error(file, line: headerLine,
                      "the header lacks the required column\(missing.count > 1 ? "s" : "") "
                          + "\(missing.map { "‘\($0)’" }.joined(separator: ", ")) of \(kind)")
    }
}
