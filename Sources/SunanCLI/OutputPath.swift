import Foundation
import Indicators

/// An output path as sunan writes it: absolute, with `.` and `..` taken out and every symbolic link on
/// the existing part of the path followed to the real file or folder, so that sunan replaces what a link
/// leads to and never the link itself.
///
/// Resolving takes one step per component of the path (and the system's bounded `realpath` per link),
/// so every path ends in bounded time, whatever its `..`s (`/tmp/x/missing/..` is `/tmp/x`).
struct OutputPath: Equatable {
    /// The path as the user gave it (used in messages).
    let given: String
    /// The absolute, resolved path.
    let resolved: String
    /// How many leading components of ``resolved`` exist (0 for `/` alone): they are real folders, except
    /// possibly the last, which may be any kind of file.
    let existingComponents: Int

    /// The components of ``resolved``.
    var components: [Substring] { resolved.split(separator: "/") }

    /// The folder holding the destination.
    var parent: String { Self.join(components.dropLast()) }

    /// The destination's own name.
    var name: String { components.last.map(String.init) ?? "" }

    /// Whether the destination itself exists (as anything).
    var exists: Bool { existingComponents == components.count && !components.isEmpty }

    /// The deepest existing component: the destination when it exists, otherwise its nearest existing
    /// ancestor (which may be a file, when the path leads through one).
    var deepestExisting: String { Self.join(components.prefix(existingComponents)) }

    /// Resolves `given` against the current folder.
    /// - Throws: a ``ValidationIssue`` naming `given` when a link on the way leads nowhere or in a circle,
    ///   or when the path is `/` itself.
    static func resolve(_ given: String) throws -> OutputPath {
        let start = given.hasPrefix("/") ? "" : currentFolder()
        var parts: [Substring] = []
        var existing = 0
        for component in (start + "/" + given).split(separator: "/") {
            switch component {
            case ".":
                continue
            case "..":
                if !parts.isEmpty { parts.removeLast() }
                existing = min(existing, parts.count)
            default:
                parts.append(component)
                guard existing == parts.count - 1 else { continue }
                let path = join(parts[...])
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                if status.st_mode & S_IFMT == S_IFLNK {
                    parts = try followLink(path, given: given).split(separator: "/")
                }
                existing = parts.count
            }
        }
        guard !parts.isEmpty else {
            throw ValidationIssue.error(given, line: nil, "is the root folder; choose a folder or file inside it")
        }
        return OutputPath(given: given, resolved: join(parts[...]), existingComponents: existing)
    }

    /// The real path a symbolic link at `path` leads to.
    private static func followLink(_ path: String, given: String) throws -> String {
        guard let real = realpath(path, nil) else {
            let code = errno
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            let reason = code == ELOOP ? "the links lead in a circle" : "‘\(target)’ does not exist"
            throw ValidationIssue.error(given, line: nil,
                "\(path) is a symbolic link to ‘\(target)’, but \(reason); sunan follows links and never replaces them: fix the link or choose another path")
        }
        defer { free(real) }
        return String(cString: real)
    }

    /// The current folder, resolved (it exists, so `realpath` gives its real path).
    private static func currentFolder() -> String {
        let current = FileManager.default.currentDirectoryPath
        guard let real = realpath(current, nil) else { return current }
        defer { free(real) }
        return String(cString: real)
    }

    /// `/a/b/c` from `[a, b, c]`; `/` from none.
    static func join<Parts: Collection>(_ parts: Parts) -> String where Parts.Element == Substring {
        "/" + parts.joined(separator: "/")
    }
}

/// What is at a path (not following a final symbolic link), for messages and for the rules about what
/// sunan may replace.
enum FileKind: Equatable {
    case missing, regularFile, folder, symbolicLink, namedPipe, characterDevice, blockDevice, socket, other

    /// The kind of `path`.
    init(at path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            self = .missing
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: self = .regularFile
        case S_IFDIR: self = .folder
        case S_IFLNK: self = .symbolicLink
        case S_IFIFO: self = .namedPipe
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }

    /// The kind in a sentence: "a named pipe (FIFO)", "a device", …
    var phrase: String {
        switch self {
        case .missing: return "missing"
        case .regularFile: return "a file"
        case .folder: return "a folder"
        case .symbolicLink: return "a symbolic link"
        case .namedPipe: return "a named pipe (FIFO)"
        case .characterDevice, .blockDevice: return "a device"
        case .socket: return "a socket"
        case .other: return "a special file"
        }
    }
}

/// A failed system call, described in words: "permission denied", "no space left on the device".
struct SystemError: Error, CustomStringConvertible {
    /// The `errno` value.
    let code: Int32

    /// The failure of the last system call.
    static var last: SystemError { SystemError(code: errno) }

    var description: String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the file system is read-only"
        case ENOENT: return "it does not exist"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case EISDIR: return "it is a folder"
        case EEXIST: return "something already exists there"
        case ENOTEMPTY: return "the folder is not empty"
        case EXDEV: return "it is on another file system"
        case EIO: return "an input/output error of the device"
        case ENAMETOOLONG: return "the name is too long"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
