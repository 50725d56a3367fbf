import Foundation
import SunanTestSupport
import Testing

/// The bad-input catalogue's cases for issue 14: output folders that never lose a user's file
/// (items 1–6) and bounded work on hostile scenario files (item 7).
///
/// The refusals join ``BadInputCatalogueTests/catalogue`` (exit status 1, a located message, every file
/// of the folder as it was); the accepted cases below also check what the folder holds afterwards, and
/// every run here has a time limit, since before the fix some of these paths made sunan spin forever.
extension BadInputCatalogueTests {
    /// Runs `sunan run valid.yaml --out PATH --quiet` in `folder` (a case's setup: a real previous output).
    static func previousRun(_ folder: URL, out path: String) throws {
        let outcome = try SunanProcess.run(["run", "valid.yaml", "--out", path, "--quiet"], in: folder)
        guard outcome.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: outcome.standardError]) }
    }

    static func write(_ text: String, _ url: URL) throws { try Data(text.utf8).write(to: url) }

    /// Refusals of issue 14, items 1–6.
    static let outputRefusals: [BadInput] = [
        BadInput(name: "run into a sunan folder holding a user's notes.txt", files: scenario("valid.yaml"), arguments: run("valid.yaml"),
                 at: "out/run", phrase: "holds ‘notes.txt’ that sunan did not write there",
                 setup: .custom { folder in
                     try previousRun(folder, out: "out/run")
                     try write("my notes\n", folder.appendingPathComponent("out/run/notes.txt"))
                 }),
        BadInput(name: "run into a user's folder with a copied marker", files: scenario("valid.yaml"), arguments: run("valid.yaml"),
                 at: "out/run", phrase: "holds ‘sub’ and ‘thesis.docx’ that sunan did not write there",
                 setup: .custom { folder in
                     try previousRun(folder, out: "elsewhere")
                     let thesis = folder.appendingPathComponent("out/run")
                     try FileManager.default.createDirectory(at: thesis.appendingPathComponent("sub"), withIntermediateDirectories: true)
                     try write("chapter 1\n", thesis.appendingPathComponent("thesis.docx"))
                     try FileManager.default.copyItem(at: folder.appendingPathComponent("elsewhere/.sunan-output"),
                                                      to: thesis.appendingPathComponent(".sunan-output"))
                 }),
        BadInput(name: "run into a sunan folder whose summary.md was edited", files: scenario("valid.yaml"), arguments: run("valid.yaml"),
                 at: "out/run", phrase: "holds ‘summary.md’, which changed after sunan wrote it",
                 setup: .custom { folder in
                     try previousRun(folder, out: "out/run")
                     let summary = folder.appendingPathComponent("out/run/summary.md")
                     try write(try String(contentsOf: summary, encoding: .utf8) + "\nA planner's remark.\n", summary)
                 }),
        BadInput(name: "run into a folder whose marker lists no files (an older sunan's)", files: scenario("valid.yaml"), arguments: run("valid.yaml"),
                 at: "out/run", phrase: "marker that does not list the files sunan wrote there",
                 setup: .custom { folder in
                     let old = folder.appendingPathComponent("out/run")
                     try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
                     try write("written by sunan\n", old.appendingPathComponent(".sunan-output"))
                     try write("region,indicator\n", old.appendingPathComponent("gaps.csv"))
                 }),
        BadInput(name: "run --out through a missing folder and .. onto a user's folder", files: scenario("valid.yaml"),
                 arguments: ["run", "valid.yaml", "--out", "out/missing/..", "--quiet"],
                 at: "out/missing/..", phrase: "exists and was not written by sunan",
                 setup: .custom { try write("mine\n", $0.appendingPathComponent("out/notes.txt")) }),
        BadInput(name: "run --out a named pipe", files: scenario("valid.yaml"), arguments: run("valid.yaml"),
                 at: "out/run", phrase: "exists and is a named pipe (FIFO), not a folder sunan wrote",
                 setup: .custom { folder in _ = mkfifo(folder.appendingPathComponent("out/run").path, 0o644) }),
        BadInput(name: "forecast -o a named pipe", files: [ok], arguments: forecast("ok.csv"),
                 at: "out/forecast.csv", phrase: "is a named pipe (FIFO), not a regular file",
                 setup: .custom { folder in _ = mkfifo(folder.appendingPathComponent("out/forecast.csv").path, 0o644) }),
        BadInput(name: "forecast -o a device node (or a pipe where devices cannot be made)", files: [ok], arguments: forecast("ok.csv"),
                 at: "out/forecast.csv", phrase: "not a regular file; sunan writes output files only to regular files",
                 setup: .custom { folder in
                     let path = folder.appendingPathComponent("out/forecast.csv").path
                     // 0x103 is device 1:3, /dev/null: harmless if it is ever written.
                     if mknod(path, S_IFCHR | 0o666, dev_t(0x103)) != 0 { _ = mkfifo(path, 0o644) }
                 }),
        BadInput(name: "forecast -o a symbolic link that leads nowhere", files: [ok], arguments: forecast("ok.csv"),
                 at: "out/forecast.csv", phrase: "is a symbolic link to ‘nowhere.csv’, but ‘nowhere.csv’ does not exist",
                 setup: .custom { folder in
                     try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out/forecast.csv").path,
                                                                withDestinationPath: "nowhere.csv")
                 }),
        BadInput(name: "data file that is a named pipe", files: [], arguments: forecast("pipe.csv"),
                 at: "pipe.csv: error:", phrase: "is a pipe (FIFO, or standard input from a pipe), not a file",
                 setup: .custom { folder in _ = mkfifo(folder.appendingPathComponent("pipe.csv").path, 0o644) }),
    ]

    /// Refusals of issue 14, item 7: hostile scenario files (made by scripts/make-hostile-yaml.py).
    static let hostileYAMLRefusals: [BadInput] = [
        BadInput(name: "YAML: an 18 KB alias reused by 1,000 scenarios", files: scenario("hostile-alias-18k.yaml"),
                 arguments: run("hostile-alias-18k.yaml"), at: "hostile-alias-18k.yaml:69:5",
                 phrase: "the aliases (‘*name’) in this file repeat more than 100,000 values in all"),
        BadInput(name: "YAML: a 54 KB alias bomb in one flow list", files: scenario("hostile-alias-56k.yaml"),
                 arguments: run("hostile-alias-56k.yaml"), at: "hostile-alias-56k.yaml:18:27797",
                 phrase: "the aliases (‘*name’) in this file repeat more than 100,000 values in all"),
        BadInput(name: "YAML: 26 KB of one key repeated 1,150 times", files: scenario("hostile-repeated-keys-27k.yaml"),
                 arguments: run("hostile-repeated-keys-27k.yaml"), at: "hostile-repeated-keys-27k.yaml",
                 phrase: "1,049 more problems in this file, not listed (only the first 100 are)"),
        BadInput(name: "YAML: an alias's problem is reported once", files: scenario("alias-problem-once.yaml"),
                 arguments: run("alias-problem-once.yaml"), at: "alias-problem-once.yaml:20:64",
                 phrase: "unknown key ‘colour’ in the scenario's driver path"),
    ]
}

/// Output paths that are valid, odd as they look: each run ends in time with status 0 and leaves
/// exactly the expected files (issue 14, items 1, 4, 5 and 6).
@Suite("Output safety catalogue")
struct OutputSafetyCatalogueTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        var setup: @Sendable (URL) throws -> Void = { _ in }
        /// Checks the folder after the run; returns what is wrong, or nil.
        let check: @Sendable (URL) throws -> String?
        var testDescription: String { name }
    }

    static func entries(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    static let runFiles = [".sunan-output", "cities.csv", "forecasts.csv", "gaps.csv", "missing-data.csv", "plan-vs-actual.csv", "report.html",
                           "results.json", "summary.md"]

    static let cases: [Case] = [
        Case(name: "--out DIR/missing/.. writes DIR (an empty folder), creating nothing else",
             arguments: ["run", "valid.yaml", "--out", "out/missing/..", "--quiet"]) { folder in
            entries(folder.appendingPathComponent("out")) == runFiles ? nil : "out holds \(entries(folder.appendingPathComponent("out")))"
        },
        Case(name: "--out DIR/missing/../run writes DIR/run only",
             arguments: ["run", "valid.yaml", "--out", "out/missing/../run", "--quiet"]) { folder in
            entries(folder.appendingPathComponent("out")) == ["run"] ? nil : "out holds \(entries(folder.appendingPathComponent("out")))"
        },
        Case(name: "an existing empty folder is a valid --out",
             arguments: ["run", "valid.yaml", "--out", "out/run", "--quiet"],
             setup: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("out/run"), withIntermediateDirectories: false) }) { folder in
            entries(folder.appendingPathComponent("out/run")) == runFiles ? nil : "out/run holds \(entries(folder.appendingPathComponent("out/run")))"
        },
        Case(name: "--out a symbolic link to a sunan folder: the folder is replaced, the link stays",
             arguments: ["run", "valid.yaml", "--out", "out/link", "--quiet", "--seed", "8"],
             setup: { folder in
                 try BadInputCatalogueTests.previousRun(folder, out: "out/real")
                 try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out/link").path, withDestinationPath: "real")
             }) { folder in
            let link = try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("out/link").path)
            guard link == "real" else { return "out/link is no longer the link to real" }
            return entries(folder.appendingPathComponent("out/real")) == runFiles ? nil : "out/real holds \(entries(folder.appendingPathComponent("out/real")))"
        },
        Case(name: "-o a symbolic link to a file: the file is replaced, the link stays",
             arguments: ["forecast", "--data", "ok.csv", "--horizon", "2", "-o", "out/link.csv"],
             setup: { folder in
                 try BadInputCatalogueTests.write("old\n", folder.appendingPathComponent("out/real.csv"))
                 try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out/link.csv").path, withDestinationPath: "real.csv")
             }) { folder in
            let link = try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("out/link.csv").path)
            let text = try String(contentsOf: folder.appendingPathComponent("out/real.csv"), encoding: .utf8)
            return link == "real.csv" && text.hasPrefix("region,indicator,year,model,mean") ? nil : "link \(link ?? "gone"), real.csv: \(text.prefix(40))"
        },
        Case(name: "partial and previous folders of dead processes are cleaned by the next run",
             arguments: ["run", "valid.yaml", "--out", "out/run", "--quiet"],
             setup: { folder in
                 let partial = folder.appendingPathComponent("out/.run.partial-\(try Self.deadProcessID())")
                 try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: false)
                 try BadInputCatalogueTests.write("# sunan output folder being written (format 2): the files it is to hold.\nplanned\tgaps.csv\n",
                                                  partial.appendingPathComponent(".sunan-output"))
                 try BadInputCatalogueTests.write("half a ta", partial.appendingPathComponent("gaps.csv"))
                 try BadInputCatalogueTests.previousRun(folder, out: "out/.run.previous-\(try Self.deadProcessID())")
             }) { folder in
            entries(folder.appendingPathComponent("out")) == ["run"] ? nil : "out holds \(entries(folder.appendingPathComponent("out")))"
        },
    ]

    /// The id of a process that has ended.
    static func deadProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test("odd but valid output paths are written where they lead, in time", .tags(.specification), arguments: cases)
    func accepted(_ input: Case) throws {
        let folder = try BadInputCatalogueTests.prepare(BadInput(name: input.name,
            files: BadInputCatalogueTests.scenario("valid.yaml") + [BadInputCatalogueTests.ok], arguments: [], at: "", phrase: ""))
        defer { BadInputCatalogueTests.removeFolder(folder) }
        try input.setup(folder)
        let (status, standardError) = try Self.run(input.arguments, in: folder, limit: 60)
        #expect(status == 0, "\(input.name): status \(status); \(standardError)")
        if let problem = try input.check(folder) { Issue.record("\(input.name): \(problem)") }
    }

    /// Runs sunan like ``SunanProcess/run(_:in:environment:)``, but ends it after `limit` seconds
    /// (status -1 then).
    static func run(_ arguments: [String], in folder: URL, limit: Double) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = SunanProcess.executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (timedOut ? -1 : process.terminationStatus, timedOut ? "did not end within \(limit) s" : text)
    }
}
