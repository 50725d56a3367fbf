import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// ``WorkerPool``: every index once, results by index whatever the thread count and timing, the
/// lowest failure thrown, progress on the calling thread, never more threads at once than asked.
@Suite("Worker pool", .tags(.invariant))
struct WorkerPoolTests {
    /// A failure that names its index.
    struct IndexFailure: Error, Equatable {
        let index: Int
    }

    /// Counts of calls per index, the most bodies seen running at once, behind a lock.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private var calls: [Int]
        private var running = 0
        private(set) var mostAtOnce = 0

        init(count: Int) { calls = Array(repeating: 0, count: count) }

        func start(_ index: Int) {
            lock.lock()
            calls[index] += 1
            running += 1
            mostAtOnce = max(mostAtOnce, running)
            lock.unlock()
        }

        func end() {
            lock.lock()
            running -= 1
            lock.unlock()
        }

        var callsPerIndex: [Int] {
            lock.lock()
            defer { lock.unlock() }
            return calls
        }
    }

    /// A body whose duration varies with the index (so that the threads finish out of order) and whose
    /// result depends on the index alone.
    private static func work(_ index: Int, _ record: Record) -> Double {
        record.start(index)
        defer { record.end() }
        usleep(UInt32((index * 7919) % 5) * 200)
        return Double(index) * 1.5 - 3
    }

    @Test("every index runs once and its result is at its position, whatever the thread count",
          arguments: [1, 2, 3, 8], [0, 1, 5, 40])
    func resultsByIndex(threads: Int, count: Int) {
        let record = Record(count: count)
        let results = WorkerPool(threads: threads).map(count: count) { Self.work($0, record) }
        #expect(results == (0..<count).map { Double($0) * 1.5 - 3 })
        #expect(record.callsPerIndex == Array(repeating: 1, count: count))
    }

    @Test("no more bodies run at once than the pool has threads, nor than there are indices",
          arguments: [1, 2, 3], [1, 2, 12])
    func threadLimit(threads: Int, count: Int) {
        let record = Record(count: count)
        _ = WorkerPool(threads: threads).map(count: count) { Self.work($0, record) }
        #expect(record.mostAtOnce >= 1 && record.mostAtOnce <= min(threads, count))
    }

    @Test("a pool of 0 or fewer threads works on one", .tags(.specification), arguments: [0, -2])
    func atLeastOneThread(threads: Int) {
        let pool = WorkerPool(threads: threads)
        #expect(pool.threads == 1)
        #expect(pool.map(count: 3) { $0 * 2 } == [0, 2, 4])
    }

    @Test("the error of the lowest failing index is thrown, as a sequential loop would", arguments: [1, 2, 4])
    func lowestFailureWins(threads: Int) {
        let failing: Set<Int> = [17, 6, 30]
        let record = Record(count: 40)
        #expect(throws: IndexFailure(index: 6)) {
            try WorkerPool(threads: threads).map(count: 40) { (index: Int) throws(IndexFailure) -> Double in
                let value = Self.work(index, record)
                if failing.contains(index) { throw IndexFailure(index: index) }
                return value
            }
        }
        // Indices below the lowest failure all ran (a sequential loop would have run them).
        #expect(record.callsPerIndex.prefix(6).allSatisfy { $0 == 1 })
    }

    @Test("progress comes on the calling thread, counting finished indices upwards; on one thread 1, 2, …, count", .tags(.specification),
          arguments: [1, 2, 4])
    func progressOnCallingThread(threads: Int) {
        let caller = Thread.current
        let count = 25
        let record = Record(count: count)
        var reports: [Int] = []
        var onCaller = true
        _ = WorkerPool(threads: threads).map(count: count, progress: { finished in
            onCaller = onCaller && Thread.current == caller
            reports.append(finished)
        }) { Self.work($0, record) }
        #expect(onCaller)
        #expect(!reports.isEmpty && zip(reports, reports.dropFirst()).allSatisfy { $0 < $1 })
        #expect(reports.allSatisfy { (1...count).contains($0) })
        if threads == 1 { #expect(reports == Array(1...count)) }
    }
}
