import Foundation
@testable import SunanCLI
import SunanTestSupport
import Testing

/// `sunan run` without a scenario runs the shipped default from any folder, and says which file it ran;
/// `sunan targets` and `sunan compare` find the shipped data the same way.
@Suite("Runs from any folder", .serialized, .tags(.specification))
struct RunAnywhereTests {
    /// A folder outside the repository to start sunan in (under /tmp).
    static func elsewhere() throws -> URL {
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("sunan-anywhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("sunan run from /tmp runs the default scenario next to the executable and names it")
    func runFromTemporaryFolder() throws {
        let start = try Self.elsewhere()
        defer { try? FileManager.default.removeItem(at: start) }
        let outcome = try SunanProcess.run(["run", "--draws", "200"], in: start)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let scenario = Repository.path("scenarios/sunan-2020.yaml")
        #expect(outcome.standardOutput.hasPrefix("情景文件：\(scenario)（默认情景）\n"), "\(outcome.standardOutput.prefix(200))")
        let written = start.appendingPathComponent("sunan-output/sunan-2020")
        for file in ["summary.md", "report.html", "gaps.csv", "cities.csv"] {
            #expect(FileManager.default.fileExists(atPath: written.appendingPathComponent(file).path), "\(file)")
        }
        let english = try SunanProcess.run(["run", "--draws", "200", "--lang", "en", "--out", "en"], in: start)
        #expect(english.standardOutput.hasPrefix("Scenario file: \(scenario) (the default scenario)\n"))
    }

    @Test("a scenario given by path is named without ‘default’")
    func namedScenario() throws {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", "scenarios/leading-provinces-2025.yaml", "--draws", "100", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.hasPrefix("情景文件：scenarios/leading-provinces-2025.yaml\n"))
    }

    @Test("targets and compare find the shipped data from /tmp")
    func targetsAndCompareFromTemporaryFolder() throws {
        let start = try Self.elsewhere()
        defer { try? FileManager.default.removeItem(at: start) }
        let targets = try SunanProcess.run(["targets", "--year", "2020", "--lang", "en"], in: start)
        #expect(targets.status == 0, "\(targets.standardError)")
        #expect(targets.standardOutput.hasPrefix("Plan targets for 2020 (\(Repository.path("notebooks-data/targets.csv"))): 6"))
        let compare = try SunanProcess.run(["compare", "--indicator", "gdp", "--lang", "en"], in: start)
        #expect(compare.status == 0, "\(compare.standardError)")
        #expect(compare.standardOutput.contains("Nanjing"))
    }

    @Test("SUNAN_HOME is looked in before the folders above the executable")
    func sunanHome() throws {
        let home = try SunanProcess.temporaryFolder()
        for folder in ["scenarios", "notebooks-data"] {
            try FileManager.default.copyItem(at: Repository.url(folder), to: home.appendingPathComponent(folder))
        }
        let start = try Self.elsewhere()
        defer { try? FileManager.default.removeItem(at: start) }
        let outcome = try SunanProcess.run(["run", "--draws", "100", "--quiet", "--out", "out"], in: start,
                                           environment: ["SUNAN_HOME": home.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let targets = try SunanProcess.run(["targets", "--year", "2020"], in: start, environment: ["SUNAN_HOME": home.path])
        #expect(targets.standardOutput.hasPrefix("2020年规划目标（\(home.path)/notebooks-data/targets.csv）：6项"))
    }

    @Test("the working folder comes first; a file found nowhere is a usage error that says where sunan looked")
    func searchOrder() throws {
        #expect(DefaultInputs.candidateFolders().first == .some(nil))
        #expect(DefaultInputs.candidateFolders().contains(Repository.root.path))
        #expect(try DefaultInputs.scenario().hasSuffix("scenarios/sunan-2020.yaml"))
        do {
            _ = try DefaultInputs.locate("no-such-folder/no-such-file.yaml")
            Issue.record("found a file that does not exist")
        } catch {
            #expect("\(error)".contains("the working folder") && "\(error)".contains("SUNAN_HOME"), "\(error)")
        }
    }
}
