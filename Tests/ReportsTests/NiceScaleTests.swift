import Reports
import SunanTestSupport
import Testing

/// The nice-tick algorithm: 1-2-5 steps, ticks enclosing the data, exact decimal values.
@Suite(.tags(.reference)) struct NiceScaleTests {
    @Test("steps are 1, 2 or 5 times a power of ten", arguments: [
        (10.0, 5, 5.0),
        (100.0, 5, 50),
        (1.0, 6, 0.2),
        (13.0, 7, 5),
        (0.07, 5, 0.02),
        (2_400.0, 5, 1_000),
        (9.0, 10, 1),
    ])
    func steps(range: Double, count: Int, expected: Double) {
        #expect(NiceScale.step(range: range, count: count) == expected)
    }

    @Test func ticksEncloseTheDataWithNiceSteps() {
        #expect(NiceScale.ticks(lower: 0, upper: 2036.18, count: 5) == [0, 500, 1000, 1500, 2000, 2500])
        #expect(NiceScale.ticks(lower: 3.2, upper: 8.9, count: 5) == [2, 4, 6, 8, 10])
        #expect(NiceScale.ticks(lower: -13, upper: 27, count: 5) == [-20, -10, 0, 10, 20, 30])
        #expect(NiceScale.ticks(lower: 0.12, upper: 0.31, count: 5) == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
    }

    @Test func yearsUseWholeSteps() {
        #expect(NiceScale.ticks(lower: 2008, upper: 2021, count: 7, integers: true)
            == [2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022])
        #expect(NiceScale.ticks(lower: 2016, upper: 2018, count: 7, integers: true) == [2016, 2017, 2018])
        #expect(NiceScale.ticks(lower: 2010, upper: 2021, count: 4, integers: true) == [2010, 2015, 2020, 2025])
    }

    @Test func decimalTicksPrintWithoutBinaryNoise() {
        let ticks = NiceScale.ticks(lower: 0, upper: 0.3, count: 4)
        #expect(ticks == [0, 0.1, 0.2, 0.3])
        let decimals = NiceScale.decimals(step: 0.1)
        #expect(ticks.map { NiceScale.label($0, decimals: decimals) } == ["0.0", "0.1", "0.2", "0.3"])
        #expect(NiceScale.decimals(step: 500) == 0)
        #expect(NiceScale.decimals(step: 0.05) == 2)
        #expect(NiceScale.label(-0.0001, decimals: 2) == "0.00")
    }

    @Test(.tags(.specification)) func degenerateRangesAreWidened() {
        let constant = NiceScale.ticks(lower: 50, upper: 50)
        #expect(constant.first! < 50 && constant.last! > 50)
        let zero = NiceScale.ticks(lower: 0, upper: 0)
        #expect(zero.first! <= -1 && zero.last! >= 1)
        #expect(NiceScale.ticks(lower: .nan, upper: 3) == [0, 1])
        #expect(NiceScale.ticks(lower: 9, upper: 1) == NiceScale.ticks(lower: 1, upper: 9))
    }
}
