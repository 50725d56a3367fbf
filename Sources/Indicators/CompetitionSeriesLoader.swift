import Foundation

/// One series of a file in the forecasting-competition layout: its training points and, when the file
/// holds them, the held-out test points that follow.
public struct CompetitionSeries: Hashable, Sendable {
    /// The `series` column: the series' name.
    public let name: String
    /// The `t` values of the training rows (`split = train`, or every row without a split column), in
    /// file order and strictly increasing.
    public let trainingTimes: [Int]
    /// The values of the training rows, one per time.
    public let trainingValues: [Double]
    /// The `t` values of the held-out rows (`split = test`), in file order and strictly increasing;
    /// empty when the series has none.
    public let testTimes: [Int]
    /// The values of the held-out rows, one per time.
    public let testValues: [Double]

    /// A series; see the properties for the meaning of each argument.
    public init(name: String, trainingTimes: [Int], trainingValues: [Double], testTimes: [Int] = [], testValues: [Double] = []) {
        self.name = name
        self.trainingTimes = trainingTimes
        self.trainingValues = trainingValues
        self.testTimes = testTimes
        self.testValues = testValues
    }
}

/// Reads the forecasting-competition layout `series,t,value[,split]` (the M1, M3 and Tourism sets):
/// one row per series and time index, `t` a whole number (a year or any integer index), `value` a
/// finite number, and an optional `split` of `train` or `test` marking held-out rows.
///
/// Every problem is reported with file, line and column, all at once, as ``PanelLoader`` does: a `t`
/// that is not a whole number, a value that is not a number or is outside the computable magnitudes, a split other than train or test,
/// and a `t` that does not come after the series' previous one in the same part. Column names are
/// matched without regard to case; other columns are ignored. Series keep the order in which they first
/// appear.
public enum CompetitionSeriesLoader {
    /// The columns every file of this layout has.
    public static let requiredColumns = ["series", "t", "value"]

    /// Whether `header` is of this layout: it has `series`, `t` and `value` and no `region` column (a
    /// header with `region` is a data panel; see ``PanelLoader``).
    public static func recognises(_ header: [String]) -> Bool {
        let names = Set(header.map { $0.lowercased() })
        return names.isSuperset(of: requiredColumns) && !names.contains("region")
    }

    /// Reads the series of `document`, whose header ``recognises(_:)``.
    /// - Returns: the series in order of first appearance, or every error found (then no series).
    public static func read(_ document: CSVDocument) -> (series: [CompetitionSeries], issues: [ValidationIssue]) {
        guard let seriesColumn = document.column("series"), let timeColumn = document.column("t"),
              let valueColumn = document.column("value") else {
            let issue = document.missingColumnsIssue(requiredColumns, in: "a series,t,value file")
            return ([], issue.map { [$0] } ?? [])
        }
        let splitColumn = document.column("split")
        var order: [String] = []
        var positions: [String: Int] = [:]   // a series' position in `order` and `parts`
        var parts: [(train: Part, test: Part)] = []
        var issues: [ValidationIssue] = []
        for record in document.records {
            let name = record.fields[seriesColumn]
            guard let time = Int(record.fields[timeColumn]) else {
                issues.append(.error(document.file, line: record.line, column: timeColumn + 1,
                                     "t ‘\(record.fields[timeColumn])’ is not a whole number"))
                continue
            }
            let value: Double
            switch NumberParser.parse(record.fields[valueColumn]) {
            case let .success(parsed): value = parsed
            case let .failure(problem):
                issues.append(.error(document.file, line: record.line, column: valueColumn + 1,
                                     "value ‘\(record.fields[valueColumn])’ \(problem.sentence)"))
                continue
            }
            var isTest = false
            if let splitColumn {
                let field = record.fields[splitColumn]
                let split = field == "train" || field == "test" ? field : field.lowercased()
                guard split == "train" || split == "test" else {
                    issues.append(.error(document.file, line: record.line, column: splitColumn + 1,
                                         "split ‘\(split)’ must be train or test"))
                    continue
                }
                isTest = split == "test"
            }
            let position: Int
            if let known = positions[name] {
                position = known
            } else {
                position = order.count
                positions[name] = position
                order.append(name)
                parts.append((Part(), Part()))
            }
            let previous = isTest ? parts[position].test.times.last : parts[position].train.times.last
            if let previous, time <= previous {
                issues.append(.error(document.file, line: record.line, column: timeColumn + 1,
                                     "series ‘\(name)’: year \(time) does not come after \(previous)"))
                continue
            }
            if isTest { parts[position].test.append(time, value) } else { parts[position].train.append(time, value) }
        }
        guard issues.isEmpty else { return ([], issues) }
        let series = zip(order, parts).map { name, part in
            CompetitionSeries(name: name, trainingTimes: part.train.times, trainingValues: part.train.values,
                              testTimes: part.test.times, testValues: part.test.values)
        }
        return (series, [])
    }

    /// Loads the file at `path`.
    /// - Returns: the series, and the warnings found in splitting the file (an unnamed column, say).
    /// - Throws: ``ValidationFailure`` with the problem that stops reading (a missing or unreadable file,
    ///   a structural CSV error), or every error of the rows, or one error when the header is not of
    ///   this layout.
    public static func load(path: String) throws(ValidationFailure) -> (series: [CompetitionSeries], warnings: [ValidationIssue]) {
        let (_, document, warnings) = try CSVDocument.load(path: path)
        guard recognises(document.header) else {
            throw ValidationFailure(issues: [.error(document.file, line: document.headerLine,
                "the header is not series,t,value[,split]: it needs the columns series, t and value and no region column")])
        }
        let (series, issues) = read(document)
        guard issues.isEmpty else { throw ValidationFailure(issues: issues) }
        return (series, warnings)
    }

    /// The times and values of one part (train or test) of a series, as read so far.
    private struct Part {
        var times: [Int] = []
        var values: [Double] = []

        mutating func append(_ time: Int, _ value: Double) {
            times.append(time)
            values.append(value)
        }
    }
}
