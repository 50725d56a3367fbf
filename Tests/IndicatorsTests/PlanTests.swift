import Foundation
import Indicators
import SunanTestSupport
import Testing

@Suite("Targets and regions of the plan", .tags(.specification))
struct PlanTests {
    @Test func clauseTwoHasFiveZoneTargetsFor2020() throws {
        let targets = try TargetLoader.load(path: Support.shipped("targets.csv"))
        let zone2020 = targets.filter { $0.year == 2020 && $0.clause == 2 }
        #expect(zone2020.map(\.indicatorZh) == ["科技成果產業化基地", "國家技術轉移示範機構", "科技公共服務平台", "專業化眾創空間", "技術市場合同交易額"])
        #expect(zone2020.allSatisfy { $0.scope == .zone })
        let contract = try #require(zone2020.last)
        #expect(contract.comparator == .atLeast(1000))
        #expect(contract.unit == .hundredMillionCNY)
        #expect(contract.basis == .annual)
        #expect(contract.planWording == "技術市場契約交易額")
        #expect(targets.filter { $0.year == 2018 }.count == 48)
    }

    @Test("every shipped note has its Chinese form (note_zh), and the English form gives 亿元 as 100 million yuan",
          arguments: ["notebooks-data/targets.csv", "scenarios/leading-provinces-targets.csv"])
    func notesInBothLanguages(_ path: String) throws {
        let targets = try TargetLoader.load(path: Repository.path(path))
        #expect(targets.contains { !$0.note.isEmpty })
        for target in targets {
            #expect(target.note.isEmpty == target.noteZh.isEmpty, "\(target.id)")
            #expect(!target.note.contains("亿元"), "\(target.id)")
        }
    }

    @Test func comparatorsFollowThePlanWording() throws {
        let targets = try TargetLoader.load(path: Support.shipped("targets.csv"))
        let byID = Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0) })
        #expect(byID["Z2018-contract-value"]?.comparator == .greaterThan(500))
        #expect(byID["Z2018-provincial-maker-spaces"]?.comparator == .about(30))
        #expect(byID["Z2018-new-rd-institutions"]?.comparator == .range(low: 2, high: 3))
        #expect(byID["C2018-bases"]?.scope == .eachCity)
        #expect(byID["Z2018-sukedai-loans-cum"]?.basis == .cumulative)
        #expect(byID["Z2018-town-heads"]?.unit == .persons)
    }

    @Test func targetsAreMetOnlyInTheirOwnUnit() throws {
        let target = Target(id: "t", clause: 2, scope: .zone, year: 2020, indicator: "tech_contract_value", indicatorZh: "技術市場合同交易額",
                            comparator: .atLeast(1000), unit: .hundredMillionCNY, basis: .annual)
        #expect(try target.isMet(by: Quantity(1000, .hundredMillionCNY)))
        #expect(try !target.isMet(by: Quantity(999.9, .hundredMillionCNY)))
        #expect(throws: UnitError.self) { try target.isMet(by: Quantity(10_000_000, .tenThousandCNY)) }
        #expect(try target.isMet(by: Quantity(10_000_000, .tenThousandCNY).converted(to: .hundredMillionCNY)))
        #expect(TargetComparator.about(30).isMet(by: 27.5))
        #expect(!TargetComparator.about(30).isMet(by: 26.9))
        #expect(!TargetComparator.about(30).isMet(by: 33.1) && TargetComparator.about(30).isMet(by: 32.9))
        #expect(!TargetComparator.range(low: 2, high: 3).isMet(by: 4) && TargetComparator.range(low: 2, high: 3).isMet(by: 3))
        #expect(!TargetComparator.greaterThan(500).isMet(by: 500))
    }

    @Test func targetFileErrorsNameLineAndColumn() {
        let text = "id,clause,scope,year,indicator,indicator_zh,comparator,low,high,unit,basis,responsible\nA,2,zone,2020,x,名,>=,10,,count,stock,甲\nA,2,region,2020,x,名,≥≥,ten,,count,flow,甲\nB,3,zone,2018,y,名,range,3,2,count,stock,乙\n"
        let (targets, issues) = TargetLoader.read(DataFile(name: "t.csv", text: text))
        #expect(targets.map(\.id) == ["A"])
        #expect(issues.map(\.description) == [
            "t.csv:3:1: error: target id ‘A’ already appears at t.csv:2; ids must be unique",
            "t.csv:3:3: error: scope ‘region’ is not one of zone, each_city, all_cities",
            "t.csv:3:8: error: threshold ‘ten’ in column ‘low’ is not a number",
            "t.csv:3:11: error: basis ‘flow’ is not one of stock, annual, new_in_year, cumulative",
            "t.csv:4:9: error: a range needs an upper bound ‘high’ not below ‘low’",
        ])
    }

    @Test func theZoneIsTheSumOfFiveCitiesInJiangsuInChina() throws {
        let hierarchy = try RegionLoader.load(path: Support.shipped("regions.csv"))
        #expect(hierarchy.members(of: "Sunan").map(\.id) == ["Nanjing", "Wuxi", "Changzhou", "Suzhou", "Zhenjiang"])
        #expect(hierarchy.members(of: "Sunan").map(\.nameZhHant) == ["南京", "無錫", "常州", "蘇州", "鎮江"])
        #expect(hierarchy.ancestors(of: "Suzhou").map(\.id) == ["Jiangsu", "China"])
        #expect(hierarchy.parent(of: "Sunan")?.id == "Jiangsu")
        #expect(hierarchy.region("Suzhou")?.adminCode == "320500")
        #expect(hierarchy.regions(at: .province).count == 31)
        #expect(hierarchy.zones.map(\.id) == ["Sunan"])
    }

    @Test func hierarchyRejectsUnknownParentsAndCycles() {
        #expect(throws: RegionHierarchyError.unknownReference(region: "A", reference: "B", role: "parent")) {
            try RegionHierarchy(regions: [Region(id: "A", level: .city, nameEn: "A", nameZh: "甲", parentID: "B")])
        }
        #expect(throws: RegionHierarchyError.cycle("A")) {
            try RegionHierarchy(regions: [
                Region(id: "A", level: .city, nameEn: "A", nameZh: "甲", parentID: "B"),
                Region(id: "B", level: .city, nameEn: "B", nameZh: "乙", parentID: "A"),
            ])
        }
    }
}
