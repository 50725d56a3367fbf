/// A problem with the user's input (a file, a cell, an option): exit status 1.
///
/// Its description names the file and, where there is one, the line, then says what is wrong
/// in a plain sentence: `data.csv:14: column 'gdp': 'n/a' is not a number`.
struct InputError: Error, CustomStringConvertible {
    /// The file concerned, as the user named it (or an option name such as `--horizon`).
    let file: String
    /// One-based line number, the header being line 1; `nil` when the problem is the whole file.
    let line: Int?
    /// What is wrong.
    let message: String

    var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
