import ArgumentParser
import Foundation
import Indicators

/// The root `sunan` command: forecasts, scenarios and target gaps for regional plans.
///
/// Each subcommand is a thin layer that parses arguments, calls the library
/// targets and writes files; see DESIGN.md for the contract.
public struct SunanCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sunan",
        abstract: "Forecasts, investment scenarios and target gaps for regional plans.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self,
            CompareCommand.self,
            ForecastCommand.self,
            BacktestCommand.self,
            OLSCommand.self,
            BenchCommand.self,
            TargetsCommand.self,
            CheckCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line and terminates the process with sunan's exit status.
    public static func runWithExitStatus(_ arguments: [String]? = nil) -> Never {
        let status = execute(arguments)
        fflush(nil)
        Foundation.exit(status)
    }

    /// Parses and runs a command line, returning sunan's exit status: 0 success, 1 usage or input
    /// error (the message goes to stderr), 2 internal failure.
    public static func execute(_ arguments: [String]? = nil) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let issue as ValidationIssue {
            writeToStandardError(issue.description)
            return 1
        } catch let failure as ValidationFailure {
            writeToStandardError(failure.description)
            return 1
        } catch let error as InternalFailure {
            writeToStandardError("sunan: internal failure: \(error)")
            return 2
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { writeToStandardError(message) }
            return code == .failure || code == .validationFailure ? 1 : code.rawValue
        }
    }
}

/// Writes one line to standard error.
func writeToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// A failure that is sunan's fault rather than the input's: exit status 2.
struct InternalFailure: Error, CustomStringConvertible {
    let description: String
}
