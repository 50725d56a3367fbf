import Foundation
import SunanTestSupport

/// Runs the built `sunan` executable as a user would and captures what it prints.
///
/// The executable sits next to the test bundle in SwiftPM's build folder; tests drive it end to end
/// (argument parsing, exit status, stdout and stderr) rather than calling command types in-process.
struct SunanProcess {
    /// Exit status, standard output and standard error of one run.
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// The `sunan` binary in the build products folder.
    static let executable: URL = {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("sunan")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "sunan")
    }()

    /// The repository root.
    static let repositoryRoot = Repository.root

    /// Runs `sunan` with `arguments` in `directory` (default: the repository root).
    static func run(_ arguments: [String], in directory: URL? = nil,
                    environment extra: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       standardOutput: String(decoding: outputData, as: UTF8.self),
                       standardError: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() throws -> URL { try TemporaryFolder.make() }
}
