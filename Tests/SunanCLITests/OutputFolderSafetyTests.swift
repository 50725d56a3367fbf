import Foundation
import Indicators
@testable import SunanCLI
import SunanTestSupport
import Testing

/// Output folders that never lose a user's file (issue 14, items 1–6), driven in-process through
/// ``OutputFiles``; the same promises through the command line are in ``OutputSafetyCatalogueTests``.
@Suite("Output folder safety", .tags(.specification))
struct OutputFolderSafetyTests {
    static func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test("paths with . and .. resolve in bounded time, through missing folders too",
          arguments: [("x/missing/..", "x"), ("x/missing/../y", "x/y"), ("x/./y/", "x/y"), ("x/missing/../../x/y/..", "x"),
                      ("x/a/b/../../c", "x/c"), ("x//y", "x/y")])
    func resolution(_ given: String, _ expected: String) throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("x"), withIntermediateDirectories: false)
        #expect(try OutputPath.resolve(root.path + "/" + given).resolved == root.path + "/" + expected)
    }

    @Test("a path that resolves to the root folder is refused")
    func rootFolder() {
        #expect(throws: ValidationIssue.self) { try OutputPath.resolve("/tmp/../../..") }
    }

    @Test("a folder ending in /.. or passing through a missing folder is written where the path leads, and nothing else is created")
    func dotDotFolders() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: root.path + "/missing/../y")
        #expect(try Self.names(in: root) == ["y"])
        #expect(try Self.names(in: root.appendingPathComponent("y")) == [OutputFiles.marker, "a.csv"])
        try OutputFiles.writeFolder([("a.csv", { "2\n" })], to: root.path + "/y/missing/..")
        #expect(try Self.text(root.appendingPathComponent("y/a.csv")) == "2\n")
    }

    @Test("an existing empty folder is a valid output folder")
    func emptyFolder() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: root.path)
        #expect(try Self.names(in: root) == [OutputFiles.marker, "a.csv"])
    }

    @Test("a folder created at the destination while the files are written is refused at the swap and kept")
    func folderAppearsDuringTheRun() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        let render = {
            try? FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            try? Data("mine\n".utf8).write(to: out.appendingPathComponent("thesis.docx"))
            return "1\n"
        }
        #expect(throws: ValidationIssue.self) { try OutputFiles.writeFolder([("a.csv", render)], to: out.path) }
        #expect(try Self.names(in: root) == ["run"])
        #expect(try Self.names(in: out) == ["thesis.docx"])
    }

    @Test("a file added to a sunan folder while the run writes is noticed just before the swap: the folder goes back untouched")
    func fileAddedDuringTheRun() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: out.path)
        let render = {
            try? Data("my notes\n".utf8).write(to: out.appendingPathComponent("notes.txt"))
            return "2\n"
        }
        #expect {
            try OutputFiles.writeFolder([("a.csv", render)], to: out.path)
        } throws: { error in
            (error as? ValidationIssue)?.message.hasPrefix("holds ‘notes.txt’ that sunan did not write there") == true
        }
        #expect(try Self.names(in: root) == ["run"])
        #expect(try Self.names(in: out) == [OutputFiles.marker, "a.csv", "notes.txt"])
        #expect(try Self.text(out.appendingPathComponent("a.csv")) == "1\n")
    }

    @Test("when the previous folder cannot be moved aside, nothing changes")
    func asideNameTaken() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: out.path)
        let aside = root.appendingPathComponent(OutputLeftovers.previousName(of: "run"))
        try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: false)
        try Data("someone else's\n".utf8).write(to: aside.appendingPathComponent("kept.txt"))
        #expect {
            try OutputFiles.writeFolder([("a.csv", { "2\n" })], to: out.path)
        } throws: { error in
            (error as? ValidationIssue)?.message.contains("moving the previous one aside failed") == true
        }
        #expect(try Self.text(out.appendingPathComponent("a.csv")) == "1\n")
        #expect(try Self.names(in: root) == [aside.lastPathComponent, "run"])
        #expect(try Self.names(in: aside) == ["kept.txt"])
    }

    @Test("a symbolic link to a sunan folder is followed: the real folder is replaced, the link stays")
    func linkToFolder() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real")
        let link = root.appendingPathComponent("link")
        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: real.path)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real")
        try OutputFiles.writeFolder([("a.csv", { "2\n" })], to: link.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real")
        #expect(try Self.text(real.appendingPathComponent("a.csv")) == "2\n")
        #expect(try Self.names(in: root) == ["link", "real"])
    }

    @Test("a symbolic link given to -o is followed: the file it leads to is replaced, the link stays")
    func linkToFile() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("old\n".utf8).write(to: root.appendingPathComponent("real.csv"))
        try FileManager.default.createSymbolicLink(atPath: root.path + "/link.csv", withDestinationPath: "real.csv")
        try OutputFiles.writeFile("new\n", to: root.path + "/link.csv")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.path + "/link.csv") == "real.csv")
        #expect(try Self.text(root.appendingPathComponent("real.csv")) == "new\n")
        #expect(try Self.names(in: root) == ["link.csv", "real.csv"])
    }

    @Test("a link that leads nowhere or in a circle is refused plainly and left as it is")
    func brokenLinks() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.path + "/dangling", withDestinationPath: "nowhere")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/a", withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/b", withDestinationPath: "a")
        #expect {
            try OutputFiles.writeFile("x", to: root.path + "/dangling")
        } throws: { error in
            (error as? ValidationIssue)?.message.contains("is a symbolic link to ‘nowhere’, but ‘nowhere’ does not exist") == true
        }
        #expect {
            try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: root.path + "/a")
        } throws: { error in
            (error as? ValidationIssue)?.message.contains("the links lead in a circle") == true
        }
        #expect(try Self.names(in: root) == ["a", "b", "dangling"])
    }

    @Test("a named pipe is never replaced by -o or --out")
    func namedPipe() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let pipe = root.path + "/pipe"
        try #require(mkfifo(pipe, 0o644) == 0)
        #expect(throws: ValidationIssue.self) { try OutputFiles.writeFile("x", to: pipe) }
        #expect(throws: ValidationIssue.self) { try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: pipe) }
        #expect(FileKind(at: pipe) == .namedPipe)
        #expect(try Self.names(in: root) == ["pipe"])
    }

    // MARK: Leftovers of processes that died

    /// The id of a process that has ended.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("a partial folder of a dead process loses what its marker lists; a user's file in it and a live process's partial folder stay")
    func stalePartials() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let dead = try Self.deadProcessID()
        let stale = root.appendingPathComponent(OutputLeftovers.partialName(of: "run", process: dead))
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: false)
        try Data(OutputManifest(state: .partial(planned: ["a.csv", "b.csv"])).text.utf8).write(to: stale.appendingPathComponent(OutputFiles.marker))
        try Data("half".utf8).write(to: stale.appendingPathComponent("a.csv"))
        let staleWithUserFile = root.appendingPathComponent(OutputLeftovers.partialName(of: "run", process: dead + 1))
        try FileManager.default.createDirectory(at: staleWithUserFile, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: staleWithUserFile.appendingPathComponent("mine.txt"))
        let live = root.appendingPathComponent(OutputLeftovers.partialName(of: "run", process: 1))
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: false)
        let staleFile = root.appendingPathComponent(OutputLeftovers.partialName(of: "run.csv", process: dead))
        try Data("half".utf8).write(to: staleFile)

        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: root.path + "/run")
        try OutputFiles.writeFile("x\n", to: root.path + "/run.csv")
        let expected = [live.lastPathComponent, staleWithUserFile.lastPathComponent, "run", "run.csv"].sorted()
        #expect(try Self.names(in: root) == expected)
        #expect(try Self.names(in: staleWithUserFile) == ["mine.txt"])
    }

    @Test("a previous folder left aside by a dead process goes back when the destination is missing, and is removed after a replacement")
    func stalePrevious() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let dead = try Self.deadProcessID()
        let run = root.appendingPathComponent("run")
        try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: run.path)
        let aside = root.appendingPathComponent(OutputLeftovers.previousName(of: "run", process: dead))
        try FileManager.default.moveItem(at: run, to: aside)
        OutputLeftovers.clean(for: "run", in: root.path)
        #expect(try Self.names(in: root) == ["run"])
        #expect(try Self.text(run.appendingPathComponent("a.csv")) == "1\n")

        try FileManager.default.copyItem(at: run, to: aside)
        try OutputFiles.writeFolder([("a.csv", { "2\n" })], to: run.path)
        #expect(try Self.names(in: root) == ["run"])
        #expect(try Self.text(run.appendingPathComponent("a.csv")) == "2\n")
    }

    // MARK: Signals

    /// Lets SIGINT and SIGTERM reach this thread (the test runner's threads may block them, as a
    /// command line's main thread does not), so that `raise` delivers them at once.
    static func unblockSignals() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    @Test("SIGTERM or SIGINT while the files are written removes the partial folder, keeps the previous one and exits 143 or 130",
          arguments: [SIGTERM, SIGINT])
    func interrupted(_ signal: Int32) async throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run").path
        try OutputFiles.writeFolder([("a.csv", { "1\n" }), ("b.csv", { "2\n" })], to: out)
        let before = try Self.names(in: root.appendingPathComponent("run"))
        await #expect(processExitsWith: .exitCode(128 + signal)) { [out = out as String, signal = signal as Int32] in
            Self.unblockSignals()
            let stop = { () -> String in
                raise(signal)
                return "never written\n"
            }
            try OutputFiles.writeFolder([("a.csv", { "3\n" }), ("b.csv", stop)], to: out)
        }
        #expect(try Self.names(in: root) == ["run"], "no partial folder left")
        #expect(try Self.names(in: root.appendingPathComponent("run")) == before)
        #expect(try Self.text(root.appendingPathComponent("run/a.csv")) == "1\n")
    }

    @Test("SIGTERM while a new folder is written removes it and the parent folders it created")
    func interruptedNewFolder() async throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.path + "/new/deeper/run"
        await #expect(processExitsWith: .exitCode(143)) { [out = out as String] in
            Self.unblockSignals()
            try OutputFiles.writeFolder([("a.csv", { "1\n" }), ("b.csv", { raise(SIGTERM); return "" })], to: out)
        }
        #expect(try Self.names(in: root).isEmpty, "\(FileManager.default.subpaths(atPath: root.path) ?? [])")
    }
}
