import Foundation

/// One problem found in an input file, located by file, line and column.
///
/// Rendered like a compiler diagnostic: `data.csv:12:5: error: value ‘abc’ in column ‘value’ is not a number`.
/// Lines count from 1 and include the header; the column is the 1-based field number in the CSV row.
public struct ValidationIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Hashable, Sendable, Comparable {
        /// Suspicious but usable: the file is still accepted.
        case warning
        /// The file (or the row) cannot be used as it is.
        case error

        /// Warnings sort before errors.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    /// Error or warning.
    public let severity: Severity
    /// The file name as given by the caller.
    public let file: String
    /// The 1-based line the problem starts on; nil when it concerns the whole file.
    public let line: Int?
    /// The 1-based field number (CSV column) in that line; nil when it concerns the whole line.
    public let column: Int?
    /// A plain sentence saying what is wrong (and, where possible, how to fix it).
    public let message: String

    /// An issue; see the properties for the meaning of each argument.
    public init(severity: Severity, file: String, line: Int?, column: Int?, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// An error at `line`, `column` of `file`.
    public static func error(_ file: String, line: Int?, column: Int? = nil, _ message: String) -> ValidationIssue {
        ValidationIssue(severity: .error, file: file, line: line, column: column, message: message)
    }

    /// A warning at `line`, `column` of `file`.
    public static func warning(_ file: String, line: Int?, column: Int? = nil, _ message: String) -> ValidationIssue {
        ValidationIssue(severity: .warning, file: file, line: line, column: column, message: message)
    }

    /// `file:line:column` (the parts that are known), or `data.xlsx:Sheet1!D7` in a workbook.
    public var location: String { Self.location(file: file, line: line, column: column) }

    /// `file:line:column: severity: message`.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

extension ValidationIssue: LocalizedError {
    /// The same text as ``description``.
    public var errorDescription: String? { description }
}

/// Thrown when input files contain errors: every issue found (errors and warnings), in file order.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    /// Every issue found, errors and warnings.
    public let issues: [ValidationIssue]

    /// A failure carrying `issues`.
    public init(issues: [ValidationIssue]) { self.issues = issues }

    /// The issues that are errors.
    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

extension ValidationFailure: LocalizedError {
    /// The same text as ``description``.
    public var errorDescription: String? { description }
}

/// A named file's bytes, as handed to the loaders; `name` is what messages call the file.
public struct DataFile: Sendable {
    /// The name used in messages (usually the path as the user typed it).
    public let name: String
    /// The raw bytes, in any encoding (only UTF-8, with or without BOM, is accepted).
    public let bytes: Data

    /// A file called `name` with content `bytes`.
    public init(name: String, bytes: Data) {
        self.name = name
        self.bytes = bytes
    }

    /// A file called `name` whose content is the UTF-8 encoding of `text`.
    public init(name: String, text: String) {
        self.init(name: name, bytes: Data(text.utf8))
    }

    /// Reads `path` from disk for a loader that stops at the first unreadable file.
    /// - Throws: ``ValidationFailure`` with the one issue saying why the file cannot be read.
    public static func load(path: String) throws(ValidationFailure) -> DataFile {
        switch read(path: path) {
        case let .success(file): return file
        case let .failure(issue): throw ValidationFailure(issues: [issue])
        }
    }

    /// Reads `path` from disk; the issue says why when it cannot be read. For `data.xlsx#Sheet2` the
    /// workbook `data.xlsx` is read, and the file keeps the name with the sheet.
    public static func read(path name: String) -> Result<DataFile, ValidationIssue> {
        let path = diskPath(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.error(path, line: nil, "no such file"))
        }
        guard !isDirectory.boolValue else { return .failure(.error(path, line: nil, "is a directory, not a CSV file")) }
        if let kind = specialFileKind(path) {
            return .failure(.error(path, line: nil, "is \(kind), not a file; sunan reads data only from files: save the data in a file and name that file"))
        }
        guard let bytes = FileManager.default.contents(atPath: path) else {
            return .failure(.error(path, line: nil, "cannot be read (check the permissions)"))
        }
        return .success(DataFile(name: name, bytes: bytes))
    }

    /// Reads every file at `paths` (see ``read(path:)``): the files read, in order, and an issue for each
    /// file that cannot be read.
    static func read(paths: [String]) -> (files: [DataFile], unreadable: [ValidationIssue]) {
        var files: [DataFile] = []
        var unreadable: [ValidationIssue] = []
        for path in paths {
            switch read(path: path) {
            case let .success(file): files.append(file)
            case let .failure(issue): unreadable.append(issue)
            }
        }
        return (files, unreadable)
    }

    /// What `path` is when it is neither a regular file nor a folder (following links): "a named pipe
    /// (FIFO)", "a device", "a socket"; nil for a regular file, a folder or a path that cannot be examined.
    private static func specialFileKind(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG, S_IFDIR: return nil
        case S_IFIFO: return "a pipe (FIFO, or standard input from a pipe)"
        case S_IFCHR, S_IFBLK: return "a device (or standard input from a terminal)"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}

/// Limits applied when validating data.
public struct ValidationRules: Sendable {
    /// Data years outside this range are errors.
    public var years: ClosedRange<Int>
    /// Indicator keys containing any of these fragments may be negative (growth rates, balances);
    /// all others must be non-negative.
    public var signedIndicatorFragments: [String]

    /// Rules with the given limits.
    public init(years: ClosedRange<Int> = 1949...2100,
                signedIndicatorFragments: [String] = ["growth", "change", "balance", "net_", "surplus", "deficit", "diff", "yoy"]) {
        self.years = years
        self.signedIndicatorFragments = signedIndicatorFragments
    }

    /// Years 1949–2100; only growth/change/balance/net/surplus/deficit/diff/yoy indicators may be negative.
    public static let standard = ValidationRules()

    /// Whether values of `indicator` may be negative under these rules.
    public func allowsNegative(_ indicator: String) -> Bool {
        let lowered = indicator.lowercased()
        return signedIndicatorFragments.contains { lowered.contains($0) }
    }
}
