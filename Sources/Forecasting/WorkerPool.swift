import Dispatch
import Foundation

/// Runs indexed work on several threads and returns the results in index order.
///
/// ``map(count:progress:_:)`` calls `body(0) … body(count − 1)`, each index once, on up to
/// ``threads`` threads, the calling thread among them. Each thread takes the next index not yet
/// taken, so that long and short items balance across the threads. The result of index i is put at
/// position i, whichever thread computed it: when `body(i)` depends on i alone, the results do not
/// depend on the number of threads or on the timing (determinism). A failure behaves as in a
/// sequential loop: the error of the lowest failing index is thrown.
///
/// `body` runs concurrently with itself, so it is `@Sendable`: it reads shared values and writes only
/// what it returns.
public struct WorkerPool: Sendable {
    /// The largest number of threads that work at once (at least 1).
    public let threads: Int

    /// A pool of `threads` threads (at least 1; all cores by default).
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threads = max(1, threads)
    }

    /// `body(0) … body(count − 1)` on up to ``threads`` threads (never more than `count`), the results in
    /// index order.
    /// - Parameters:
    ///   - count: the number of indices (0 gives an empty array).
    ///   - progress: called on the calling thread each time that thread finishes an index, with the number
    ///     of indices finished so far by all threads (1…`count`).
    ///   - body: the work of one index.
    /// - Returns: `[body(0), …, body(count − 1)]`.
    /// - Throws: the error of the lowest index whose `body` threw; once an index has failed, no higher index is
    ///   started.
    public func map<T: Sendable, Failure: Error>(count: Int, progress: ((Int) -> Void)? = nil,
                                                 _ body: @Sendable (Int) throws(Failure) -> T) throws(Failure) -> [T] {
        let state = WorkState<T, Failure>(count: count)
        let workers = min(threads, max(count, 1))
        withoutActuallyEscaping(body) { body in
            let group = DispatchGroup()
            for _ in 1..<workers {
                DispatchQueue.global().async(group: group) { state.work(body, onDone: nil) }
            }
            state.work(body, onDone: progress)
            group.wait()
        }
        return try state.results()
    }
}

/// The shared state of ``WorkerPool/map(count:progress:_:)``: the next index to take, the results by index
/// and the lowest failing index, behind a lock.
private final class WorkState<T: Sendable, Failure: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var finished = 0
    private var values: [T?]
    private var failure: (index: Int, error: Failure)?

    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Takes indices until none is left (or one below them has failed), running `body` on each and calling
    /// `onDone` with the number of indices finished so far after each.
    func work(_ body: (Int) throws(Failure) -> T, onDone: ((Int) -> Void)?) {
        while true {
            lock.lock()
            let index = next
            let stop = index >= values.count || (failure.map { $0.index < index } ?? false)
            next += 1
            lock.unlock()
            if stop { return }
            let outcome = Result { () throws(Failure) -> T in try body(index) }
            lock.lock()
            switch outcome {
            case .success(let value): values[index] = value
            case .failure(let error): if failure.map({ index < $0.index }) ?? true { failure = (index, error) }
            }
            finished += 1
            let finishedSoFar = finished
            lock.unlock()
            onDone?(finishedSoFar)
        }
    }

    /// The results in index order, or the error of the lowest failing index.
    func results() throws(Failure) -> [T] {
        if let failure { throw failure.error }
        return values.map { $0! }
    }
}
