import Foundation
import Indicators

/// The marker file `.sunan-output` of a folder sunan wrote: the list of the files sunan wrote there,
/// each with its size in bytes and SHA-256, so that sunan replaces the folder only while it holds
/// nothing but those files, unchanged.
///
/// While a folder is being written (under its temporary name) the marker lists the files it will
/// hold instead, so that the leftovers of a process that was killed can be removed file by file.
/// The text is one entry per line, fields separated by tabs, with `#` lines for people:
///
/// ```
/// # sunan output folder (format 2): …
/// file	1834	9f86d081…	gaps.csv
/// ```
struct OutputManifest: Equatable {
    /// One file sunan wrote.
    struct Entry: Equatable {
        /// The file's name in the folder.
        let name: String
        /// Its size in bytes.
        let size: Int
        /// Its SHA-256, 64 lower-case hexadecimal digits.
        let sha256: String
    }

    /// Whether the folder is complete (files with sizes and digests) or still being written (names only).
    enum State: Equatable {
        case complete([Entry])
        case partial(planned: [String])
    }

    /// The name of the marker file.
    static let fileName = ".sunan-output"
    /// The temporary name of the final marker while it is written (renamed to ``fileName`` when complete).
    static let pendingFileName = ".sunan-output.new"

    let state: State

    /// The names of the files listed (written or planned).
    var names: [String] {
        switch state {
        case let .complete(entries): return entries.map(\.name)
        case let .partial(planned): return planned
        }
    }

    /// The marker's text.
    var text: String {
        switch state {
        case let .complete(entries):
            return """
                # sunan output folder (format 2): the files sunan wrote here, with their size in bytes and SHA-256.
                # sunan replaces this folder only while every file in it is one of these, unchanged; it never
                # deletes anything else. Keep your own files elsewhere.

                """ + entries.map { "file\t\($0.size)\t\($0.sha256)\t\($0.name)\n" }.joined()
        case let .partial(planned):
            return "# sunan output folder being written (format 2): the files it is to hold.\n"
                + planned.map { "planned\t\($0)\n" }.joined()
        }
    }

    /// Parses a marker's text; nil when it is not a marker of this format (an older sunan's marker, or
    /// anything else).
    static func parse(_ text: String) -> OutputManifest? {
        var entries: [Entry] = []
        var planned: [String] = []
        var sawHeader = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                if line.hasPrefix("# sunan output folder") && line.contains("(format 2)") { sawHeader = true }
                continue
            }
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "file" where fields.count == 4:
                guard let size = Int(fields[1]), size >= 0, fields[2].count == 64, isSafeName(fields[3]) else { return nil }
                entries.append(Entry(name: fields[3], size: size, sha256: fields[2]))
            case "planned" where fields.count == 2:
                guard isSafeName(fields[1]) else { return nil }
                planned.append(fields[1])
            default:
                return nil
            }
        }
        guard sawHeader, entries.isEmpty || planned.isEmpty else { return nil }
        return OutputManifest(state: planned.isEmpty ? .complete(entries) : .partial(planned: planned))
    }

    /// Whether `name` can be a file that sunan writes in an output folder: one plain component, not a
    /// marker's name.
    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name != fileName && name != pendingFileName
            && !name.contains("/") && !name.contains("\n") && !name.contains("\t") && !name.contains("\0")
    }
}

/// What an existing folder at an output path holds, as far as replacing it is concerned.
enum ExistingOutput: Equatable {
    /// An empty folder (a planner who ran `mkdir` first): replaced like a folder sunan wrote.
    case empty
    /// A folder holding only files sunan wrote and recorded, unchanged (some may be missing).
    case owned(OutputManifest)

    /// What the folder at `folder` holds; `shownAs` is the path for messages (as the user gave it).
    /// - Throws: a ``ValidationIssue`` saying plainly why sunan will not replace it: anything but an
    ///   empty folder or one whose every entry is a file sunan recorded writing, with the same size and SHA-256.
    static func inspect(_ folder: String, shownAs: String) throws -> ExistingOutput {
        func refuse(_ reason: String) -> ValidationIssue {
            .error(shownAs, line: nil, "\(reason); choose another --out or move it away")
        }
        let kind = FileKind(at: folder)
        guard kind == .folder else {
            throw refuse("exists and is \(kind.phrase), not a folder sunan wrote")
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw refuse("exists but cannot be read (\(SystemError.last))")
        }
        if names.isEmpty { return .empty }
        guard names.contains(OutputManifest.fileName) else {
            throw refuse("exists and was not written by sunan (it has no \(OutputManifest.fileName) marker)")
        }
        let markerPath = folder + "/" + OutputManifest.fileName
        guard FileKind(at: markerPath) == .regularFile, let data = FileManager.default.contents(atPath: markerPath),
              let manifest = OutputManifest.parse(String(decoding: data, as: UTF8.self)),
              case let .complete(entries) = manifest.state else {
            throw refuse("has a \(OutputManifest.fileName) marker that does not list the files sunan wrote there "
                + "(a copied marker, or one from an older sunan), so sunan cannot tell them from yours")
        }
        let recorded = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let others = names.filter { $0 != OutputManifest.fileName && recorded[$0] == nil }.sorted()
        if !others.isEmpty {
            throw refuse("holds \(listing(others)) that sunan did not write there; sunan replaces a folder only "
                + "while it holds nothing but the files it wrote")
        }
        for name in names.sorted() where name != OutputManifest.fileName {
            guard let entry = recorded[name], !unchanged(folder + "/" + name, entry) else { continue }
            throw refuse("holds ‘\(name)’, which changed after sunan wrote it; sunan never deletes an edited file")
        }
        return .owned(manifest)
    }

    /// Whether the file at `path` is a regular file with the recorded size and SHA-256.
    static func unchanged(_ path: String, _ entry: OutputManifest.Entry) -> Bool {
        guard FileKind(at: path) == .regularFile,
              let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == entry.size,
              let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(chunk) }
        return hash.finalHex() == entry.sha256
    }

    /// `‘a’, ‘b’ and 3 more` (at most five names).
    static func listing(_ names: [String]) -> String {
        let shown = names.prefix(5).map { "‘\($0)’" }
        let rest = names.count - shown.count
        let text = rest > 0 ? shown.joined(separator: ", ") + " and \(rest) more"
            : (shown.count > 1 ? shown.dropLast().joined(separator: ", ") + " and " + shown.last! : shown.joined())
        return text
    }
}
