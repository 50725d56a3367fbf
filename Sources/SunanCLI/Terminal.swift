import Foundation
import Rainbow
import Reports

/// What sunan knows about its terminal: colours and progress bars are for people at a terminal only.
enum Terminal {
    /// Whether standard output is a terminal that should get colours: a TTY, `TERM` not `dumb`, and
    /// `NO_COLOR` unset or empty (https://no-color.org).
    static var colorsStandardOutput: Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) != 0
    }

    /// Whether standard error is a terminal (for the progress bar).
    static var standardErrorIsTerminal: Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// `word` coloured by its tone (green, yellow, red) when `enabled`, else unchanged.
    static func colored(_ word: String, tone: StatusTone, enabled: Bool) -> String {
        guard enabled else { return word }
        switch tone {
        case .good: return word.green
        case .warning: return word.yellow
        case .bad: return word.red
        case .neutral: return word
        }
    }
}

/// A one-line progress bar on standard error, for work that takes longer than about a second.
///
/// Nothing is drawn during the first `delay` (short work shows no bar), then at most ten times a
/// second; `finish()` erases the line. A disabled bar (not a terminal, `--quiet`) writes nothing.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    private let delay: Duration
    private let interval: Duration
    private let write: (String) -> Void
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?
    private var drewAnything = false
    private let lock = NSLock()

    /// Width of the bar in characters.
    static let width = 30

    /// A bar labelled `label`; `write` receives the raw text (default: standard error).
    init(label: String, enabled: Bool, delay: Duration = .milliseconds(500), interval: Duration = .milliseconds(100),
         write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.enabled = enabled
        self.label = label
        self.delay = delay
        self.interval = interval
        self.write = write
        started = clock.now
    }

    /// Reports the fraction done (0…1); draws if enabled, past the delay and at most every `interval`.
    func update(_ fraction: Double) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        guard now - started >= delay else { return }
        if let lastDrawn, now - lastDrawn < interval { return }
        lastDrawn = now
        drewAnything = true
        write("\r" + Self.line(label: label, fraction: fraction, elapsed: now - started))
    }

    /// Erases the bar, if one was drawn.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, drewAnything else { return }
        write("\r\u{1B}[2K")
        drewAnything = false
    }

    /// The bar's text: `label [#########.........]  42 %  1.3 s`.
    static func line(label: String, fraction: Double, elapsed: Duration) -> String {
        let clamped = min(1, max(0, fraction.isFinite ? fraction : 0))
        let filled = Int((clamped * Double(width)).rounded(.down))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + String(format: "%3.0f %%  %.1f s", clamped * 100, seconds)
    }
}
