import Foundation
import Indicators
import PropertyBased
import SunanTestSupport
import Testing

/// Malformed input of any kind yields issues, never a trap.
@Suite("Fuzz-like input", .tags(.invariant))
struct FuzzTests {
    static let bytes = Gen<UInt8>.value(in: 0...255).array(of: 0...300)

    /// Fragments that stress CSV structure and encodings, spliced at random.
    static let fragments: [[UInt8]] = [
        Array(",".utf8), Array("\"".utf8), Array("\"\"".utf8), Array("\n".utf8), Array("\r".utf8), Array("\r\n".utf8),
        Array("region,indicator,year,value\n".utf8), Array("Nanjing,gdp,2018,1.5\n".utf8), Array("-1e999".utf8),
        Array("南京".utf8), [0xEF, 0xBB, 0xBF], [0xC4, 0xCF], [0xFF], [0x00], Array("nan".utf8), Array("2018".utf8),
        Array(" ".utf8), Array("year".utf8), Array("亿元".utf8), Array("id,clause,comparator,level,members\n".utf8),
    ]
    static let spliced = Gen.int(in: 0...(fragments.count - 1)).array(of: 0...60).map { indices in
        indices.flatMap { fragments[$0] }
    }

    @Test func randomBytesNeverTrap() async {
        await propertyCheck(count: 400, input: Self.bytes) { bytes in
            let file = DataFile(name: "random.csv", bytes: Data(bytes))
            _ = PanelLoader.read([file])
            _ = TargetLoader.read(file)
            _ = RegionLoader.read(file)
            let report = DataValidator.check([file])
            #expect(report.files.count == 1)
        }
    }

    @Test func splicedCSVFragmentsNeverTrapAndLocateEveryIssue() async {
        await propertyCheck(count: 600, input: Self.spliced) { bytes in
            let file = DataFile(name: "spliced.csv", bytes: Data(bytes))
            let report = DataValidator.check([file])
            let lineCount = bytes.count(where: { $0 == 0x0A || $0 == 0x0D }) + 1
            for issue in report.issues {
                #expect(issue.line.map { $0 <= lineCount } ?? true)
                #expect(issue.file == "spliced.csv")
                #expect(issue.line.map { $0 >= 1 } ?? true)
            }
        }
    }
}
