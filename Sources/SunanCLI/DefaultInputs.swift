import ArgumentParser
import Foundation

/// The shipped files the commands read when no path is given — the default scenario, the plan's
/// targets and the data folder — found wherever sunan is started.
///
/// They are looked for, in order, in: the working folder (the repository root, as before); the
/// folder named by `SUNAN_HOME`; and the folders above the sunan executable, each as it is and as
/// `share/sunan` inside it. The executable of `swift run` and `swift build` sits in the repository's
/// `.build/<triple>/<configuration>/`, so the repository is found above it; an installed binary in
/// `PREFIX/bin/` finds the files that `scripts/install.sh` copies to `PREFIX/share/sunan/`.
enum DefaultInputs {
    /// The default scenario, relative to the shipped folder.
    static let scenarioPath = "scenarios/sunan-2020.yaml"
    /// The folder of the shipped data, relative to the shipped folder: panels, regions, targets, city
    /// profiles and indicator names.
    static let dataFolder = "notebooks-data"
    /// The plan's targets, relative to the shipped folder.
    static let targetsPath = "\(dataFolder)/targets.csv"
    /// The environment variable naming a folder that holds `scenarios/` and `notebooks-data/`.
    static let homeVariable = "SUNAN_HOME"

    /// The default scenario file: a path relative to the working folder when it is there, else absolute.
    /// - Throws: a usage error naming where it looked when no folder has it.
    static func scenario() throws -> String { try locate(scenarioPath) }

    /// The plan's targets file, found like ``scenario()``.
    static func targetsFile() throws -> String { try locate(targetsPath) }

    /// Every `.csv` file of the shipped data folder, sorted by name.
    /// - Throws: a usage error when there is none.
    static func dataFiles() throws -> [String] {
        let folder = try locate(dataFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let files = names.filter { $0.lowercased().hasSuffix(".csv") }.sorted().map { "\(folder)/\($0)" }
        guard !files.isEmpty else {
            throw ValidationError("no --data given and no CSV files in \(folder)/ (pass --data)")
        }
        return files
    }

    /// `relative` in the first of ``candidateFolders()`` that has it: as given when that is the working
    /// folder, else joined to the folder.
    static func locate(_ relative: String) throws -> String {
        let folders = candidateFolders()
        for folder in folders {
            let path = folder.map { $0 + "/" + relative } ?? relative
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        let searched = folders.map { $0 ?? "the working folder" }.joined(separator: ", ")
        throw ValidationError("the shipped \(relative) was not found (looked in \(searched)); "
            + "pass a path, or set \(homeVariable) to the folder that holds scenarios/ and notebooks-data/")
    }

    /// The folders to look in, in order; nil stands for the working folder.
    static func candidateFolders() -> [String?] {
        var folders: [String?] = [nil]
        if let home = ProcessInfo.processInfo.environment[homeVariable], !home.isEmpty { folders.append(home) }
        var folder = executableFolder()
        while let current = folder {
            folders += [current.path, current.appendingPathComponent("share/sunan").path]
            let parent = current.deletingLastPathComponent()
            folder = parent.path == current.path ? nil : parent
        }
        return folders
    }

    /// The folder of the running executable, symbolic links resolved; nil when unknown.
    private static func executableFolder() -> URL? {
        let executable = Bundle.main.executableURL ?? CommandLine.arguments.first.map { URL(fileURLWithPath: $0) }
        return executable?.resolvingSymlinksInPath().deletingLastPathComponent()
    }
}
