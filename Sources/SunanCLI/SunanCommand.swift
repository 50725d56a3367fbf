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
            TemplateCommand.self,
            CompareCommand.self,
            ForecastCommand.self,
            BacktestCommand.self,
            OLSCommand.self,
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
    /// error (the message goes to stderr), 2 internal failure (see ``InternalFailure``).
    public static func execute(_ arguments: [String]? = nil) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let ending = ending(for: error)
            if !ending.message.isEmpty {
                if ending.status == 0 { print(ending.message) } else { writeToStandardError(ending.message) }
            }
            return ending.status
        }
    }

    /// How a command line that threw `error` ends: its exit status and the message for the user
    /// (standard output for status 0, such as `--help`; standard error otherwise).
    ///
    /// Internal failures come first, whatever layer raised them (``InternalFailure/init(_:)``): status 2.
    /// Invalid input files (``ValidationIssue``, ``ValidationFailure``) and usage errors: status 1.
    static func ending(for error: any Error) -> (status: Int32, message: String) {
        if let failure = InternalFailure(error) {
            return (2, failure.report)
        }
        switch error {
        case let issue as ValidationIssue:
            return (1, issue.description)
        case let failure as ValidationFailure:
            return (1, failure.description)
        default:
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success { return (0, message) }
            return (code == .failure || code == .validationFailure ? 1 : code.rawValue, message)
        }
    }
}

/// Writes one line to standard error.
func writeToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
