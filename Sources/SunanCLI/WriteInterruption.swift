import Foundation
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM while sunan writes its output: the partial file or folder is removed
/// and sunan exits with status 130 (SIGINT) or 143 (SIGTERM); while the finished output is being
/// swapped into place the signal waits until the swap is done, so the destination always holds either
/// the previous output or the new one, complete.
///
/// Outside the write phase the signals keep their default action (the process ends; nothing has been
/// written yet). The handler uses only async-signal-safe calls (`unlink`, `rmdir`, `write`, `_exit`) on
/// paths prepared before the write phase starts. Leftovers of a process that could not clean up (killed
/// with SIGKILL, or a power cut) are removed by the next run (see ``OutputLeftovers``).
enum WriteInterruption {
    /// What the process is doing, as the signal handler sees it.
    private enum Phase: Int {
        case idle = 0, writing = 1, swapping = 2
    }

    private static let phase = Atomic<Int>(Phase.idle.rawValue)
    private static let pendingSignal = Atomic<Int32>(0)
    /// The files to unlink, then the folders to remove (deepest first), as C strings; set before the
    /// write phase starts and read only by the handler.
    nonisolated(unsafe) private static var files: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) private static var folders: [UnsafeMutablePointer<CChar>] = []
    nonisolated(unsafe) private static var previousHandlers: [(signal: Int32, handler: sighandler_t?)] = []
    private static let interruptedMessage = Array("sunan: interrupted; the partial output was removed and nothing was replaced\n".utf8)

    /// Runs `body` with the signals handled: on SIGINT or SIGTERM the `files` are unlinked, the
    /// `folders` removed (list them deepest first; only empty ones go) and the process exits with
    /// 128 + the signal's number.
    static func guarding<Result>(removing files: [String], then folders: [String], _ body: () throws -> Result) rethrows -> Result {
        prepare(files: files, folders: folders)
        install()
        defer { restore() }
        return try body()
    }

    /// Runs `swap` (inside ``guarding(removing:then:_:)``) with the signals held back: a signal that
    /// arrives meanwhile ends the process only once `swap` has returned, and removes nothing.
    static func swapping(_ swap: () throws -> Void) rethrows {
        phase.store(Phase.swapping.rawValue, ordering: .sequentiallyConsistent)
        defer {
            phase.store(Phase.idle.rawValue, ordering: .sequentiallyConsistent)
            let signal = pendingSignal.exchange(0, ordering: .sequentiallyConsistent)
            if signal != 0 { exitAfterSwap(signal) }
        }
        try swap()
    }

    private static func prepare(files paths: [String], folders folderPaths: [String]) {
        release()
        files = paths.map { strdup($0) }
        folders = folderPaths.map { strdup($0) }
        pendingSignal.store(0, ordering: .sequentiallyConsistent)
        _ = interruptedMessage.count
        phase.store(Phase.writing.rawValue, ordering: .sequentiallyConsistent)
    }

    private static func install() {
        previousHandlers = [SIGINT, SIGTERM].map { ($0, signal($0, handleSignal)) }
    }

    private static func restore() {
        phase.store(Phase.idle.rawValue, ordering: .sequentiallyConsistent)
        for (number, handler) in previousHandlers { signal(number, handler) }
        previousHandlers = []
        release()
    }

    private static func release() {
        (files + folders).forEach { free($0) }
        files = []
        folders = []
    }

    /// The output is in place, but the user asked to stop: say so and stop.
    private static func exitAfterSwap(_ signal: Int32) -> Never {
        writeToStandardError("sunan: interrupted; the new output had just been put in place and is complete")
        fflush(nil)
        _exit(128 + signal)
    }

    /// The signal handler (async-signal-safe).
    private static let handleSignal: @convention(c) (Int32) -> Void = { signal in
        let current = phase.load(ordering: .sequentiallyConsistent)
        if current == Phase.swapping.rawValue {
            pendingSignal.store(signal, ordering: .sequentiallyConsistent)
            return
        }
        if current == Phase.writing.rawValue {
            for path in files { unlink(path) }
            for path in folders { rmdir(path) }
            interruptedMessage.withUnsafeBytes { _ = Foundation.write(2, $0.baseAddress, $0.count) }
        }
        _exit(128 + signal)
    }
}
