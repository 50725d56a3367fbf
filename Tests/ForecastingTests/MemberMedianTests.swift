import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// auto's per-step median, whose sort takes shortcuts, against the standard library's `sorted()`.
@Suite("Member median", .tags(.invariant))
struct MemberMedianTests {
    /// Values with ties, both zeros, infinities and NaN, for 1 to 10 members: the median has the bits of
    /// the median of `sorted()`.
    @Test(arguments: 1...10)
    func sameBitsAsTheMedianOfSorted(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1, -1]
        for trial in 0..<3_000 {
            let values = (0..<count).map { _ -> Double in
                switch Int.random(in: 0..<10, using: &generator) {
                case 0 where trial % 3 == 0: return specials.randomElement(using: &generator)!
                case 1, 2: return Double(Int.random(in: -3...3, using: &generator))   // ties
                default: return generator.normal() * 1000
                }
            }
            let sorted = values.sorted()
            let middle = count / 2
            let expected = count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            var buffer = values
            let actual = buffer.withUnsafeMutableBufferPointer { AutoModel.sortedMedian($0) }
            #expect(actual.bitPattern == expected.bitPattern, "\(values)")
        }
    }
}
