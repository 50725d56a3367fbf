import Foundation
import Indicators

/// Writes what the commands produce — one file (`forecast -o`, `backtest -o`, `compare --svg`) or a
/// folder of files (`run --out`) — so that a user's file is never lost and nothing is left half-written.
///
/// - The path is resolved first (``OutputPath``): `.` and `..` taken out, symbolic links followed to
///   the real file or folder (a link is never replaced).
/// - Everything is written under a temporary name beside the destination (`.NAME.partial-PID`, so the
///   final rename never crosses file systems) and moved into place only when complete.
/// - A file replaces only a regular file (never a pipe, device or folder). A folder replaces only an
///   empty folder or one whose marker (``OutputManifest``) lists every file in it, unchanged; this is
///   checked before the work, and again on the old folder once it is renamed aside, just before the new
///   one is moved in; on any failure the old one is put back.
/// - SIGINT and SIGTERM remove the partial output (``WriteInterruption``); leftovers of processes that
///   died are removed by the next write to the same path (``OutputLeftovers``).
///
/// Problems are ``ValidationIssue``s naming the path as given (exit status 1). This is the only place
/// that writes output paths: rules about what may be replaced belong here.
enum OutputFiles {
    /// Name of the marker file that identifies a folder written by sunan.
    static let marker = OutputManifest.fileName

    /// Prints `text` on standard output, or writes it to the file at `path` (see ``writeFile(_:to:)``).
    static func emit(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try writeFile(text, to: path)
    }

    /// Writes `text` (UTF-8) to the file at `path`, replacing an existing regular file (or the regular
    /// file a symbolic link leads to). The folder must exist.
    static func writeFile(_ text: String, to path: String) throws {
        try writeFile(Data(text.utf8), to: path)
    }

    /// Writes `data` to the file at `path` under a temporary name beside it, renamed into place when
    /// complete, replacing an existing regular file (or the one a symbolic link leads to); for binary
    /// files such as a workbook. The folder must exist.
    static func writeFile(_ data: Data, to path: String) throws {
        let target = try resolve(path)
        let destination = target.resolved
        let kind = FileKind(at: destination)
        guard kind == .missing || kind == .regularFile else {
            let advice = kind == .folder ? "give the name of a file in it" : "leave out the option to print on standard output"
            throw ValidationIssue.error(path, line: nil,
                "cannot write the output file: \(destination) is \(kind.phrase), not a regular file; sunan writes output files only to regular files and never replaces anything else; \(advice), or choose another path")
        }
        let folder = target.parent
        switch FileKind(at: folder) {
        case .folder: break
        case .missing:
            let existing = target.deepestExisting
            if FileKind(at: existing) != .folder {
                throw ValidationIssue.error(path, line: nil, "cannot write the output file: \(existing) is \(FileKind(at: existing).phrase), not a folder; choose another output path")
            }
            throw ValidationIssue.error(path, line: nil, "cannot write the output file: the folder \(folder) does not exist; create it first or choose another output path")
        case let other:
            throw ValidationIssue.error(path, line: nil, "cannot write the output file: \(folder) is \(other.phrase), not a folder; choose another output path")
        }
        OutputLeftovers.clean(for: target.name, in: folder)
        let temporary = folder + "/" + OutputLeftovers.partialName(of: target.name)
        do {
            try WriteInterruption.guarding(removing: [temporary], then: []) {
                try writeNew(data, at: temporary)
                try WriteInterruption.swapping {
                    guard rename(temporary, destination) == 0 else { throw SystemError.last }
                }
            }
        } catch let error as SystemError {
            unlink(temporary)
            throw ValidationIssue.error(path, line: nil, "cannot write the output file: \(error)")
        }
    }

    /// Checks, before any work, that the folder at `path` could be written: its path resolves and
    /// anything already there is an empty folder or one sunan wrote. Changes nothing.
    static func checkFolder(_ path: String) throws {
        let target = try resolve(path)
        try checkAncestors(target)
        if target.exists { _ = try ExistingOutput.inspect(target.resolved, shownAs: path) }
    }

    /// Writes `files` as the folder at `path`, each rendered by its `contents` just before it is written
    /// (so only one is held in memory at a time), then the `binary` files (a workbook), with sunan's marker
    /// listing them all. Missing parent folders are created (and removed again if the write fails). An
    /// existing folder is replaced only when it is empty or holds exactly files sunan recorded writing, unchanged.
    static func writeFolder(_ files: [(name: String, contents: () -> String)],
                            binary: [(name: String, contents: () throws -> Data)] = [], to path: String) throws {
        let all = files.map { file in (name: file.name, contents: { () throws -> Data in Data(file.contents().utf8) }) } + binary
        precondition(all.allSatisfy { OutputManifest.isSafeName($0.name) }, "output file names are plain names")
        let target = try resolve(path)
        try checkAncestors(target)
        if target.exists { _ = try ExistingOutput.inspect(target.resolved, shownAs: path) }
        let created = try createParents(of: target, shownAs: path)
        let parent = target.parent
        OutputLeftovers.clean(for: target.name, in: parent)
        let temporary = parent + "/" + OutputLeftovers.partialName(of: target.name)
        let names = all.map(\.name)
        let paths = (names + [OutputManifest.pendingFileName, OutputManifest.fileName]).map { temporary + "/" + $0 }
        do {
            try WriteInterruption.guarding(removing: paths, then: [temporary] + created.reversed()) {
                try writePartial(all, at: temporary)
                try WriteInterruption.swapping {
                    try OutputFolderSwap.moveIntoPlace(temporary, at: target, shownAs: path)
                }
            }
        } catch {
            OutputLeftovers.removeListed(temporary, names: names)
            for folder in created.reversed() { rmdir(folder) }
            if let issue = error as? ValidationIssue { throw issue }
            throw ValidationIssue.error(path, line: nil, "cannot write the output folder: \(error)")
        }
    }

    /// The temporary name of `destination` while it is written: `.NAME.partial-PID` in the same folder.
    static func temporarySibling(of destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(OutputLeftovers.partialName(of: destination.lastPathComponent))
    }

    // MARK: Steps

    private static func resolve(_ path: String) throws -> OutputPath {
        guard !path.isEmpty else { throw ValidationIssue.error("(empty)", line: nil, "the output path is empty; give a file or folder name") }
        return try OutputPath.resolve(path)
    }

    /// Refuses a path that leads through a file (or anything but folders) to its destination.
    private static func checkAncestors(_ target: OutputPath) throws {
        guard !target.exists else { return }
        let existing = target.deepestExisting
        let kind = FileKind(at: existing)
        if kind != .folder {
            throw ValidationIssue.error(target.given, line: nil, "cannot create the output folder: \(existing) is \(kind.phrase), not a folder; choose another --out")
        }
    }

    /// Creates the missing folders above the destination, one by one; returns them, outermost first.
    private static func createParents(of target: OutputPath, shownAs path: String) throws -> [String] {
        let components = target.components
        guard target.existingComponents < components.count - 1 else { return [] }
        var created: [String] = []
        for depth in (target.existingComponents + 1)...(components.count - 1) {
            let folder = OutputPath.join(components.prefix(depth))
            guard mkdir(folder, 0o777) == 0 else {
                let error = SystemError.last
                for made in created.reversed() { rmdir(made) }
                throw ValidationIssue.error(folder, line: nil, "cannot create the output folder: \(error)")
            }
            created.append(folder)
        }
        return created
    }

    /// Writes the folder under its temporary name: first a marker listing the planned files, then each
    /// file, then the final marker with their sizes and SHA-256 (written aside and renamed over the first).
    private static func writePartial(_ files: [(name: String, contents: () throws -> Data)], at temporary: String) throws {
        WriteInterruption.stopIfInterrupted()
        guard mkdir(temporary, 0o777) == 0 else { throw SystemError.last }
        let planned = OutputManifest(state: .partial(planned: files.map(\.name)))
        try writeNew(Data(planned.text.utf8), at: temporary + "/" + OutputManifest.fileName)
        var entries: [OutputManifest.Entry] = []
        for (name, contents) in files {
            let data = try contents()
            try writeNew(data, at: temporary + "/" + name)
            entries.append(OutputManifest.Entry(name: name, size: data.count, sha256: SHA256.hex(of: data)))
        }
        let complete = OutputManifest(state: .complete(entries))
        let pending = temporary + "/" + OutputManifest.pendingFileName
        try writeNew(Data(complete.text.utf8), at: pending)
        guard rename(pending, temporary + "/" + OutputManifest.fileName) == 0 else { throw SystemError.last }
    }

    /// Creates the file `path` (which must not exist) and writes `data` to disk.
    static func writeNew(_ data: Data, at path: String) throws {
        WriteInterruption.stopIfInterrupted()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw SystemError.last }
        defer { close(descriptor) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemError.last
                }
                offset += written
            }
        }
        guard fsync(descriptor) == 0 || errno == EINVAL else { throw SystemError.last }
    }
}
