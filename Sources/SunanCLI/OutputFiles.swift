import Foundation
import Indicators

/// Writes what the commands produce — one file (`forecast -o`, `backtest -o`, `compare --svg`) or a
/// folder of files (`run --out`) — always atomically: everything is first written under a temporary
/// name beside the destination (`.NAME.partial-PID`, in the same folder, so the final rename never
/// crosses file systems) and renamed into place only when complete, so a failed run never leaves a
/// half-written file or folder. Problems are ``ValidationIssue``s naming the path (exit status 1).
///
/// This is the only place that writes output paths: rules about what may be replaced belong here.
enum OutputFiles {
    /// Name of the marker file that identifies a folder written by sunan.
    static let marker = ".sunan-output"

    /// Prints `text` on standard output, or writes it to the file at `path` (see ``writeFile(_:to:)``).
    static func emit(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try writeFile(text, to: path)
    }

    /// Writes `text` (UTF-8) to the file at `path`, replacing an existing file. The folder must exist.
    static func writeFile(_ text: String, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let folder = destination.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            throw ValidationIssue.error(path, line: nil, "cannot write the output file: the folder \(folder) does not exist; create it first or choose another output path")
        }
        if !isDirectory.boolValue {
            throw ValidationIssue.error(path, line: nil, "cannot write the output file: \(folder) is a file, not a folder; choose another output path")
        }
        let temporary = temporarySibling(of: destination)
        do {
            try Data(text.utf8).write(to: temporary)
            try rename(temporary, to: destination)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ValidationIssue.error(path, line: nil, "cannot write the output file (\(error.localizedDescription))")
        }
    }

    /// Writes `files` as the folder at `path`, each rendered by its `contents` just before it is written
    /// (so only one is held in memory at a time), then the `binary` files (a workbook), with sunan's marker
    /// file. Missing parent folders are created; an existing folder is replaced only when it carries the marker.
    static func writeFolder(_ files: [(name: String, contents: () -> String)],
                            binary: [(name: String, contents: () throws -> Data)] = [], to path: String) throws {
        let manager = FileManager.default
        let destination = URL(fileURLWithPath: path)
        let parent = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, manager.fileExists(atPath: destination.appendingPathComponent(marker).path) else {
                throw ValidationIssue.error(path, line: nil, "exists and was not written by sunan; choose another --out or remove it")
            }
        }
        var ancestor = parent
        while !manager.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        if !isDirectory.boolValue {
            throw ValidationIssue.error(path, line: nil, "cannot create the output folder: \(ancestor.path) is a file, not a folder; choose another --out")
        }
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ValidationIssue.error(parent.path, line: nil, "cannot create the output folder (\(error.localizedDescription))")
        }
        let temporary = temporarySibling(of: destination)
        try? manager.removeItem(at: temporary)
        do {
            try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
            for (name, contents) in files {
                try Data(contents().utf8).write(to: temporary.appendingPathComponent(name))
            }
            for (name, contents) in binary { try contents().write(to: temporary.appendingPathComponent(name)) }
            try Data("written by sunan\n".utf8).write(to: temporary.appendingPathComponent(marker))
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            try manager.moveItem(at: temporary, to: destination)
        } catch {
            try? manager.removeItem(at: temporary)
            throw ValidationIssue.error(path, line: nil, "cannot write the output folder (\(error.localizedDescription))")
        }
    }

    /// The temporary name of `destination` while it is written: `.NAME.partial-PID` in the same folder.
    static func temporarySibling(of destination: URL) -> URL {
        destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Renames the file `source` to `destination` in one step, replacing a file already there.
    private static func rename(_ source: URL, to destination: URL) throws {
        guard Foundation.rename(source.path, destination.path) == 0 else {
            throw RenameError(code: errno)
        }
    }

    /// A failed `rename(2)`, described by the system's message for its error number.
    private struct RenameError: LocalizedError {
        let code: Int32
        var errorDescription: String? { String(cString: strerror(code)) }
    }
}
