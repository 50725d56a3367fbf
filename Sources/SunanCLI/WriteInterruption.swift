import Foundation
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM while sunan writes its output: the partial file or folder is removed
/// and sunan exits with status 130 (SIGINT) or 143 (SIGTERM); while the finished output is being
/// swapped into place the signal waits until the swap is done, so the destination always holds either
/// the previous output or the new one, complete.
///
/// Outside the write phase the signals keep their default action (the process ends; nothing has been
/// written yet). A signal the process was started with ignored (`nohup`, a background job)
/// stays ignored throughout. One guarded write runs at a time in a process. The handler may run on any thread, so the phases change by compare-and-exchange: the
/// handler claims the cleanup only while the files are being written, and the writer enters the swap
/// only if the handler has not claimed it (otherwise it waits for the handler to end the process).
/// The handler uses only async-signal-safe calls (`unlink`, `rmdir`, `write`, `_exit`) on paths prepared
/// as C strings before the write phase starts and never freed, so a late handler never reads freed memory.
/// Leftovers of a process that could not clean up (killed with SIGKILL, a power cut) are removed by
/// the next run (see ``OutputLeftovers``).
enum WriteInterruption {
    /// What the process is doing, as the signal handler sees it.
    private enum Phase: Int {
        case idle = 0, writing, swapping, swappingInterrupted, interrupted
    }

    private static let phase = Atomic<Int>(Phase.idle.rawValue)
    /// Held while a guarded write runs, so that writes from several threads (tests) take turns.
    private static let oneWriteAtATime = NSLock()
    /// The signal that arrived during the swap.
    private static let pendingSignal = Atomic<Int32>(0)
    /// The address of the current cleanup list: a null-terminated array of C strings (the files to
    /// unlink), then another (the folders to remove); 0 when there is none.
    private static let cleanupList = Atomic<Int>(0)
    nonisolated(unsafe) private static var previousHandlers: [(signal: Int32, handler: sighandler_t?)] = []
    nonisolated(unsafe) private static let interruptedMessage: UnsafeMutableBufferPointer<CChar> = {
        let text = "sunan: interrupted; the partial output was removed and nothing was replaced\n"
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: text.utf8.count)
        _ = buffer.initialize(from: text.utf8.map { CChar(bitPattern: $0) })
        return buffer
    }()

    /// Runs `body` with the signals handled: on SIGINT or SIGTERM the `files` are unlinked, the
    /// `folders` removed (list them deepest first; only empty ones go) and the process exits with
    /// 128 + the signal's number.
    /// One guarded write at a time in a process (the phase is the process's).
    static func guarding<Result>(removing files: [String], then folders: [String], _ body: () throws -> Result) rethrows -> Result {
        oneWriteAtATime.lock()
        defer { oneWriteAtATime.unlock() }
        _ = interruptedMessage.count
        cleanupList.store(Int(bitPattern: makeList(files, folders)), ordering: .sequentiallyConsistent)
        pendingSignal.store(0, ordering: .sequentiallyConsistent)
        phase.store(Phase.writing.rawValue, ordering: .sequentiallyConsistent)
        previousHandlers = [SIGINT, SIGTERM].compactMap(handle)
        defer {
            for (number, handler) in previousHandlers { signal(number, handler) }
            previousHandlers = []
            phase.store(Phase.idle.rawValue, ordering: .sequentiallyConsistent)
            cleanupList.store(0, ordering: .sequentiallyConsistent)
        }
        return try body()
    }

    /// Installs the handler for `number` and returns the disposition it replaced, unless the process
    /// was started with the signal ignored (`nohup`, a background job of a non-interactive shell): such
    /// a signal stays ignored, as the caller asked, and nil is returned.
    static func handle(_ number: Int32) -> (signal: Int32, handler: sighandler_t?)? {
        let previous = signal(number, handleSignal)
        guard !isIgnored(previous) else {
            signal(number, previous)
            return nil
        }
        return (number, previous)
    }

    /// Whether `handler` is `SIG_IGN`.
    static func isIgnored(_ handler: sighandler_t?) -> Bool {
        handler.map { unsafeBitCast($0, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) } ?? false
    }

    /// Waits for the signal handler to end the process when it has claimed the cleanup; call before
    /// each file is created inside ``guarding(removing:then:_:)``, so no file appears after the cleanup.
    static func stopIfInterrupted() {
        if phase.load(ordering: .sequentiallyConsistent) == Phase.interrupted.rawValue { waitForTheEnd() }
    }

    /// Runs `swap` (inside ``guarding(removing:then:_:)``) with the signals held back: a signal that
    /// arrives meanwhile ends the process only once `swap` has returned, and removes nothing.
    static func swapping(_ swap: () throws -> Void) rethrows {
        let entered = phase.compareExchange(expected: Phase.writing.rawValue, desired: Phase.swapping.rawValue,
                                            ordering: .sequentiallyConsistent).exchanged
        if !entered { waitForTheEnd() }
        var succeeded = false
        defer {
            let left = phase.compareExchange(expected: Phase.swapping.rawValue, desired: Phase.idle.rawValue,
                                             ordering: .sequentiallyConsistent).exchanged
            if !left { exitAfterSwap(pendingSignal.load(ordering: .sequentiallyConsistent), succeeded: succeeded) }
        }
        try swap()
        succeeded = true
    }

    /// The handler is removing the partial output and will end the process.
    private static func waitForTheEnd() -> Never {
        while true { pause() }
    }

    /// A signal arrived during the swap, which has now ended: the new output is in place, or (when the
    /// swap failed) the previous one is and the partial output is removed here. Say so and stop.
    private static func exitAfterSwap(_ signal: Int32, succeeded: Bool) -> Never {
        if succeeded {
            writeToStandardError("sunan: interrupted; the new output had just been put in place and is complete")
        } else {
            removeListed()
            writeToStandardError("sunan: interrupted; the partial output was removed and nothing was replaced")
        }
        fflush(nil)
        _exit(128 + signal)
    }

    /// Unlinks the listed files, then removes the listed folders (async-signal-safe).
    private static func removeListed() {
        guard let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>(bitPattern: cleanupList.load(ordering: .sequentiallyConsistent)) else { return }
        var index = 0
        while let path = list[index] { unlink(path); index += 1 }
        index += 1
        while let path = list[index] { rmdir(path); index += 1 }
    }

    /// The files, a null, the folders, a null: C strings that are never freed.
    private static func makeList(_ files: [String], _ folders: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: files.count + folders.count + 2)
        var index = 0
        for group in [files, folders] {
            for path in group {
                list[index] = strdup(path)
                index += 1
            }
            list[index] = nil
            index += 1
        }
        return list
    }

    /// The signal handler (async-signal-safe).
    private static let handleSignal: @convention(c) (Int32) -> Void = { signal in
        if phase.compareExchange(expected: Phase.swapping.rawValue, desired: Phase.swappingInterrupted.rawValue,
                                 ordering: .sequentiallyConsistent).exchanged {
            pendingSignal.store(signal, ordering: .sequentiallyConsistent)
            return
        }
        if phase.compareExchange(expected: Phase.writing.rawValue, desired: Phase.interrupted.rawValue,
                                 ordering: .sequentiallyConsistent).exchanged {
            removeListed()
            _ = Foundation.write(2, interruptedMessage.baseAddress, interruptedMessage.count)
            _exit(128 + signal)
        }
        let current = phase.load(ordering: .sequentiallyConsistent)
        if current == Phase.interrupted.rawValue || current == Phase.swappingInterrupted.rawValue { return }
        _exit(128 + signal)
    }
}
