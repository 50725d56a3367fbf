import Foundation
@testable import SunanCLI
import SunanTestSupport
import Testing

/// A signal the process was started with ignored (`nohup`, a background job of a non-interactive
/// shell) stays ignored while sunan writes; any other gets the cleanup handler. Checked on SIGUSR2,
/// which nothing else in the test process uses, so the check cannot race with another test's write.
@Suite("Ignored signals stay ignored", .serialized, .tags(.specification))
struct IgnoredSignalTests {
    /// The disposition of `number` now (set to the default for the moment of the call).
    static func current(_ number: Int32) -> sighandler_t? {
        let handler = signal(number, SIG_DFL)
        signal(number, handler)
        return handler
    }

    @Test("SIG_IGN is recognised, SIG_DFL is not")
    func recognisesIgnore() {
        #expect(WriteInterruption.isIgnored(SIG_IGN))
        #expect(!WriteInterruption.isIgnored(SIG_DFL))
        #expect(!WriteInterruption.isIgnored(nil))
    }

    @Test("an ignored signal is left ignored and not listed for restoring")
    func ignoredStaysIgnored() {
        let before = signal(SIGUSR2, SIG_IGN)
        defer { signal(SIGUSR2, before) }
        #expect(WriteInterruption.handle(SIGUSR2) == nil)
        #expect(WriteInterruption.isIgnored(Self.current(SIGUSR2)))
    }

    @Test("a signal with the default action gets the handler, and the default is kept for restoring")
    func defaultGetsHandler() throws {
        let before = signal(SIGUSR2, SIG_DFL)
        defer { signal(SIGUSR2, before) }
        let replaced = try #require(WriteInterruption.handle(SIGUSR2))
        #expect(replaced.signal == SIGUSR2)
        #expect(!WriteInterruption.isIgnored(replaced.handler))
        let installed = Self.current(SIGUSR2).map { unsafeBitCast($0, to: Int.self) }
        #expect(installed != nil && installed != unsafeBitCast(SIG_DFL, to: Int.self))
    }
}
