import Foundation
import SunanTestSupport
import Testing

/// The repository root, temporary folders and fixture loading.
@Suite("Repository, temporary folders and fixtures", .tags(.specification))
struct FilesTests {
    @Test("the repository root holds Package.swift and the golden folder")
    func repositoryRoot() {
        #expect(FileManager.default.fileExists(atPath: Repository.path("Package.swift")))
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: Golden.folder.path, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(Repository.url("notebooks-data/regions.csv").path == Repository.path("notebooks-data/regions.csv"))
        #expect(Golden.folder == Repository.url("Tests/Golden"))
    }

    @Test("temporary folders are new, empty and distinct")
    func temporaryFolders() throws {
        let first = try TemporaryFolder.make(), second = try TemporaryFolder.make(prefix: "other")
        #expect(first != second)
        #expect(second.lastPathComponent.hasPrefix("other-"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: second.path).isEmpty)
    }

    @Test("a fixture missing from its bundle throws an error naming it")
    func missingResource() {
        #expect(throws: FixtureError.self) { try Fixture.url("no-such-fixture.json", in: Bundle.main) }
        do {
            _ = try Fixture.url("no-such-fixture.json", in: Bundle.main)
        } catch {
            #expect("\(error)".contains("Fixtures/no-such-fixture.json"))
        }
    }

    @Test("unreadable, undecodable and empty fixtures throw errors naming the file; a good one decodes")
    func loading() throws {
        let folder = try TemporaryFolder.make()
        let absent = folder.appendingPathComponent("absent.json")
        #expect(throws: FixtureError(file: absent.path, problem: "cannot be read (\(readError(absent)))")) {
            try Fixture.data(at: absent)
        }
        let broken = folder.appendingPathComponent("broken.json")
        try Data("[1, 2,".utf8).write(to: broken)
        let decodeError = #expect(throws: FixtureError.self) { try Fixture.decode([Int].self, at: broken) }
        #expect(decodeError?.file == broken.path)
        #expect(decodeError?.problem.hasPrefix("is not a valid Array<Int>") == true)

        let good = folder.appendingPathComponent("good.json")
        try Data("[3, 1, 2]".utf8).write(to: good)
        #expect(try Fixture.decode([Int].self, at: good) == [3, 1, 2])
        #expect(try Fixture.nonEmpty([3, 1, 2], from: good) == [3, 1, 2])
        #expect(throws: FixtureError(file: good.path, problem: "holds no cases")) {
            try Fixture.nonEmpty([Int](), from: good)
        }
    }

    /// Foundation's own description of the failure to read `url`.
    private func readError(_ url: URL) -> String {
        do {
            _ = try Data(contentsOf: url)
            return "read"
        } catch {
            return error.localizedDescription
        }
    }
}
