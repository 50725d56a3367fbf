import Indicators
import SunanTestSupport
import Testing

@Suite("Units and quantities", .tags(.specification))
struct UnitTests {
    @Test(.tags(.reference)) func convertsHundredMillionToTenThousandYuanExplicitly() throws {
        let value = try UnitOfMeasure.hundredMillionCNY.convert(3013.56, to: .tenThousandCNY)
        #expect(value == 30_135_600)
        let back = try Quantity(26_061_663, .tenThousandCNY).converted(to: .hundredMillionCNY)
        #expect(abs(back.value - 2606.1663) < 1e-9)
        #expect(back.unit == .hundredMillionCNY)
    }

    @Test func recognisesChineseAliasesAsTheSameUnit() {
        #expect(UnitOfMeasure.parse("亿元") == .hundredMillionCNY)
        #expect(UnitOfMeasure.parse("万元") == .tenThousandCNY)
        #expect(UnitOfMeasure.parse("%") == .percent)
        #expect(UnitOfMeasure.parse("件") == .count)
        #expect(UnitOfMeasure.parse("人年") == .personYears)
        #expect(UnitOfMeasure.parse("10k_persons") == .tenThousandPersons)
        #expect(UnitOfMeasure.parse("") == .unspecified)
    }

    @Test func refusesConversionAcrossDimensions() {
        #expect(throws: UnitError.notConvertible(from: .percent, to: .hundredMillionCNY)) {
            try UnitOfMeasure.percent.convert(3, to: .hundredMillionCNY)
        }
        let opaque = UnitOfMeasure.parse("furlongs")
        #expect(!opaque.isKnown)
        #expect(throws: UnitError.self) { try opaque.convert(1, to: .count) }
        #expect(throws: UnitError.self) { try UnitOfMeasure.events.convert(1, to: .teams) }
    }

    @Test func addingOrComparingDifferentUnitsIsAnError() throws {
        let a = Quantity(1, .hundredMillionCNY)
        let b = Quantity(5000, .tenThousandCNY)
        #expect(throws: UnitError.mismatched(.hundredMillionCNY, .tenThousandCNY, operation: "add")) { try a + b }
        #expect(throws: UnitError.self) { try a - b }
        #expect(throws: UnitError.self) { try Quantity.isLess(a, than: b) }
        let sum = try a + b.converted(to: .hundredMillionCNY)
        #expect(sum == Quantity(1.5, .hundredMillionCNY))
        #expect(try Quantity.sum([a, a, a]) == Quantity(3, .hundredMillionCNY))
    }

    @Test func errorMessagesAreSentences() {
        let error = UnitError.mismatched(.percent, .count, operation: "add")
        #expect(error.description == "cannot add values in unit ‘percent’ and ‘count’; convert one of them explicitly first")
    }
}
