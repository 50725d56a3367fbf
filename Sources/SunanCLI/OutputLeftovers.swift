import Foundation

/// The temporary names sunan uses beside an output path, and the removal of those left behind by a
/// process that died before it could clean up (killed with SIGKILL, a power cut).
///
/// Beside `NAME`, process `PID` writes `.NAME.partial-PID` and, while it swaps a new folder in, keeps
/// the previous one as `.NAME.previous-PID`. A leftover is touched only when its process no longer
/// runs, and only through what its marker lists: a partial folder loses the files it was to hold (then
/// the folder itself if that leaves it empty); a previous folder goes back to `NAME` when `NAME` is
/// missing, or is removed when it still holds exactly what sunan recorded. Anything else stays.
enum OutputLeftovers {
    /// `.NAME.partial-PID`: where `NAME` is written before it is moved into place.
    static func partialName(of name: String, process: Int32 = getpid()) -> String { ".\(name).partial-\(process)" }

    /// `.NAME.previous-PID`: where the previous folder `NAME` waits while the new one is moved in.
    static func previousName(of name: String, process: Int32 = getpid()) -> String { ".\(name).previous-\(process)" }

    /// Cleans the leftovers for `name` in the folder `parent` (see the type's discussion). Leftovers
    /// carrying this process's id are stale too: this process has not written anything there yet.
    static func clean(for name: String, in parent: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries.sorted() {
            if let process = processID(in: entry, prefix: ".\(name).partial-"), !isRunning(process) {
                removePartial(parent + "/" + entry)
            }
        }
        for entry in entries.sorted() {
            if let process = processID(in: entry, prefix: ".\(name).previous-"), !isRunning(process) {
                recoverPrevious(parent + "/" + entry, destination: parent + "/" + name)
            }
        }
    }

    /// Removes the files a complete or partial marker at `folder` lists, both markers and the folder
    /// itself when that leaves it empty. Returns whether the folder is gone.
    @discardableResult
    static func removeListed(_ folder: String, names: [String]) -> Bool {
        for name in names where OutputManifest.isSafeName(name) {
            let path = folder + "/" + name
            if FileKind(at: path) == .regularFile { unlink(path) }
        }
        for marker in [OutputManifest.pendingFileName, OutputManifest.fileName] {
            let path = folder + "/" + marker
            if FileKind(at: path) == .regularFile { unlink(path) }
        }
        return rmdir(folder) == 0
    }

    private static func removePartial(_ path: String) {
        switch FileKind(at: path) {
        case .regularFile:
            unlink(path)
        case .folder:
            removeListed(path, names: manifest(in: path)?.names ?? [])
        default:
            break
        }
    }

    private static func recoverPrevious(_ path: String, destination: String) {
        guard FileKind(at: path) == .folder else { return }
        if FileKind(at: destination) == .missing {
            rename(path, destination)
            return
        }
        switch try? ExistingOutput.inspect(path, shownAs: path) {
        case .empty?: rmdir(path)
        case let .owned(manifest)?: removeListed(path, names: manifest.names)
        case nil: break
        }
    }

    private static func manifest(in folder: String) -> OutputManifest? {
        for marker in [OutputManifest.fileName, OutputManifest.pendingFileName] {
            let path = folder + "/" + marker
            if FileKind(at: path) == .regularFile, let data = FileManager.default.contents(atPath: path),
               let manifest = OutputManifest.parse(String(decoding: data, as: UTF8.self)) {
                return manifest
            }
        }
        return nil
    }

    /// The process id at the end of `entry` after `prefix`, when `entry` is exactly `prefix` + digits.
    private static func processID(in entry: String, prefix: String) -> Int32? {
        guard entry.hasPrefix(prefix) else { return nil }
        let digits = entry.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let process = Int32(digits), process > 0 else { return nil }
        return process
    }

    /// Whether a process with this id runs (other than this one), as far as `kill(pid, 0)` can tell.
    private static func isRunning(_ process: Int32) -> Bool {
        if process == getpid() { return false }
        return kill(process, 0) == 0 || errno == EPERM
    }
}
