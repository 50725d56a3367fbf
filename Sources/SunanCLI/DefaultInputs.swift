import ArgumentParser
import Foundation

/// The shipped files the commands read when no path is given, relative to the working folder (the
/// repository root): kept in one place, so that finding them elsewhere is one change.
enum DefaultInputs {
    /// The folder of the shipped data: panels, regions, targets, city profiles and indicator names.
    static let dataFolder = "notebooks-data"
    /// The plan's targets.
    static let targetsFile = "\(dataFolder)/targets.csv"

    /// Every `.csv` file of ``dataFolder``, sorted by name.
    /// - Throws: a usage error when there is none (sunan was not started from the repository root).
    static func dataFiles() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dataFolder)) ?? []
        let files = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { "\(dataFolder)/\($0)" }
        guard !files.isEmpty else {
            throw ValidationError("no --data given and no CSV files in \(dataFolder)/ (run from the repository root or pass --data)")
        }
        return files
    }
}
