import Foundation
import Indicators
import Scenarios

/// The parts of a projection: its driver and elasticity, its target series and factors, its member shares.
extension ScenarioFileDecoder {
    func decodeProjection(_ node: Node, path: String) -> ProjectionSpecification? {
        guard let fields = reader.fields(node, path: path, name: "projections’ item", what: "the projection",
                                         section: ScenarioSchema.Sections.projection) else { return nil }
        let indicator = reader.string(fields, "indicator")
        let unit = fields.has("unit") ? decodeUnit(fields, "unit") : nil
        let model = fields.has("model") ? decodeModel(fields, "model") : ScenarioSchema.Defaults.model
        let historyFrom = reader.int(fields, "historyFrom", example: "2010")
        if let historyFrom, let asOf, historyFrom >= asOf {
            reader.error(fields.node("historyFrom")?.mark, "‘historyFrom’ \(historyFrom) leaves no history before ‘asOf’ \(asOf); it must be earlier")
        }
        let level = reader.choice(fields, "level", among: ProjectionLevel.allCases.map(\.rawValue)).flatMap(ProjectionLevel.init(rawValue:))
        let regions = reader.strings(fields, "regions", example: "[Jiangsu]")
        if let regions {
            if regions.isEmpty { reader.error(fields.node("regions")?.mark, "‘regions’ is empty; list the regions whose series are projected") }
            checkRepeats(regions, path: fields.path("regions"), what: "region")
            if level == .parent, regions.count > 1 {
                reader.error(fields.node("regions")?.mark, "level ‘parent’ projects one region, the zone's parent, but ‘regions’ lists \(regions.count)")
            }
        }
        let driver = fields.node("driver").flatMap { decodeDriver($0, path: fields.path("driver")) }
        let targetSeries = fields.node("targetSeries").flatMap { decodeTargetSeries($0, path: fields.path("targetSeries")) }
        var memberShares: MemberShares?
        if let sharesNode = fields.node("memberShares") {
            if let level, level != .parent {
                reader.error(fields.entries["memberShares"]?.key.mark,
                    "‘memberShares’ splits a zone observed through its parent; it applies to level ‘parent’ only, not ‘\(level.rawValue)’")
            }
            memberShares = decodeMemberShares(sharesNode, path: fields.path("memberShares"))
        }
        var measure: Measure?
        if fields.has("measure") {
            measure = reader.choice(fields, "measure", among: ScenarioSchema.Limits.measures).flatMap(Measure.init(rawValue:))
        }
        guard let indicator, let model, let level, let regions else { return nil }
        return ProjectionSpecification(indicator: indicator, unit: unit, model: model, historyFrom: historyFrom, level: level,
                                       regions: regions, driver: driver, targetSeries: targetSeries, memberShares: memberShares,
                                       measure: measure)
    }

    /// `memberShares` as a list of shares, or as `{remainder: assumptions, shares: […]}`; nil (after an
    /// error) when a share is wrong or the shares cannot be completed to sum to 1 (the error names their sum).
    private func decodeMemberShares(_ node: Node, path: String) -> MemberShares? {
        var sharesNode = node, sharesPath = path
        var remainder: ShareRemainder?
        if case .mapping = node {
            guard let fields = reader.fields(node, path: path, name: "memberShares", what: "the member shares",
                                             section: ScenarioSchema.Sections.memberShares) else { return nil }
            if fields.has("remainder") {
                guard let rule = reader.choice(fields, "remainder", among: ScenarioSchema.Limits.remainders) else { return nil }
                remainder = ShareRemainder(rawValue: rule)
            }
            guard let inner = fields.node("shares") else { return nil }
            sharesNode = inner
            sharesPath = fields.path("shares")
        }
        guard let items = reader.items(sharesNode, path: sharesPath, name: "memberShares",
                                       example: "[{region: Nanjing, share: 0.3, basis: observed, rule: …}]") else { return nil }
        let shares = items.enumerated().compactMap { decodeMemberShare($1, path: "\(sharesPath)[\($0)]") }
        if items.isEmpty { reader.error(sharesNode.mark, "‘memberShares’ is empty; give one share per member city") }
        guard !items.isEmpty, shares.count == items.count else { return nil }
        let decoded = MemberShares(shares: shares, remainder: remainder)
        if let problem = decoded.problem {
            reader.error(reader.source.key(path), problem)
            return nil
        }
        return decoded
    }

    private func decodeDriver(_ node: Node, path: String) -> DriverSpecification? {
        guard let fields = reader.fields(node, path: path, name: "driver", what: "the driver", section: ScenarioSchema.Sections.driver) else { return nil }
        let indicator = reader.string(fields, "indicator")
        var lag: Int? = ScenarioSchema.Defaults.lag
        if fields.has("lag") {
            lag = reader.int(fields, "lag", example: "1")
            if let value = lag, !ScenarioSchema.Limits.lag.contains(value) {
                reader.error(fields.node("lag")?.mark, "‘lag’ is \(value); the years between spending and effect cannot be negative")
                lag = nil
            }
        }
        let model = fields.has("model") ? decodeModel(fields, "model") : ScenarioSchema.Defaults.model
        let unit = fields.has("unit") ? decodeUnit(fields, "unit") : nil
        let elasticity = fields.node("elasticity").flatMap { decodeElasticity($0, path: fields.path("elasticity")) }
        guard let indicator, let lag, let model, let elasticity else { return nil }
        return DriverSpecification(indicator: indicator, lag: lag, model: model, elasticity: elasticity, unit: unit)
    }

    private func decodeElasticity(_ node: Node, path: String) -> ElasticitySetting? {
        let forms = "‘estimate’, {value: 0.6, standardError: 0.15} or {estimate: {regions: […], fromYear: 2010}}"
        if case let .scalar(scalar) = node, !YAMLValueReader.isNull(scalar) {
            if scalar.string == "estimate" { return .estimate(regions: [], fromYear: nil) }
            if scalar.style == .plain, Double(scalar.string) != nil {
                reader.error(node.mark, "‘elasticity’ must be \(forms); to fix it at \(scalar.string) write {value: \(scalar.string), standardError: 0}")
            } else if Spelling.suggestion(for: scalar.string, among: ["estimate"]) != nil {
                reader.error(node.mark, "‘elasticity’ is ‘\(scalar.string)’; \(Spelling.didYouMean("estimate"))")
            } else {
                reader.error(node.mark, "‘elasticity’ must be \(forms), not ‘\(scalar.string)’")
            }
            return nil
        }
        guard let fields = mappingForm(node, path: path, called: "‘elasticity’", forms: forms, name: "elasticity",
                                       what: "the elasticity", section: ScenarioSchema.Sections.elasticity) else { return nil }
        if let estimateNode = fields.node("estimate") {
            for key in ["value", "standardError"] where fields.has(key) {
                reader.error(fields.entries[key]?.key.mark, "‘\(key)’ gives the elasticity, but ‘estimate’ asks for it to be estimated; keep one")
            }
            if case let .scalar(scalar) = estimateNode, YAMLValueReader.isNull(scalar) { return .estimate(regions: [], fromYear: nil) }
            guard let estimate = reader.fields(estimateNode, path: fields.path("estimate"), name: "estimate",
                                               what: "the estimate settings", section: ScenarioSchema.Sections.estimate) else { return nil }
            let regions = estimate.has("regions") ? reader.strings(estimate, "regions", example: "[Beijing, Shanghai, Jiangsu]") : []
            if let regions { checkRepeats(regions, path: estimate.path("regions"), what: "region") }
            let fromYear = reader.int(estimate, "fromYear", example: "2010")
            if let fromYear, let asOf, fromYear >= asOf {
                reader.error(estimate.node("fromYear")?.mark, "‘fromYear’ \(fromYear) leaves no years before ‘asOf’ \(asOf) to estimate from")
                return nil
            }
            guard let regions else { return nil }
            return .estimate(regions: regions, fromYear: fromYear)
        }
        let missing = ["value", "standardError"].filter { !fields.has($0) }
        if !missing.isEmpty {
            if fields.hasUnknownKeys { return nil }
            reader.error(node.mark, "the elasticity lacks \(missing.map { "‘\($0)’" }.joined(separator: " and ")) (or write ‘estimate’ to estimate it); use standardError: 0 for a value taken as certain")
            return nil
        }
        let value = reader.double(fields, "value")
        let standardError = nonNegativeNumber(fields, "standardError", example: "0.15")
        let bound = ScenarioSchema.Limits.elasticity, errorBound = ScenarioSchema.Limits.elasticityStandardError
        if let given = value, !bound.contains(given) {
            reader.error(fields.node("value")?.mark, "the elasticity is \(Self.text(given)); it must lie within \(Self.text(bound.lowerBound)) "
                + "to \(Self.text(bound.upperBound)) (a 1 % change of the driver moving the outcome by at most 3 %), where the "
                + "constant-elasticity model still holds")
        }
        if let given = standardError, !errorBound.contains(given) {
            reader.error(fields.node("standardError")?.mark,
                "the elasticity's standard error is \(Self.text(given)); it must be at most \(Self.text(errorBound.upperBound))")
        }
        guard let value, let standardError else { return nil }
        return .given(value: value, standardError: standardError)
    }

    private func decodeTargetSeries(_ node: Node, path: String) -> TargetSeriesSpecification? {
        guard let fields = reader.fields(node, path: path, name: "targetSeries", what: "the target series",
                                         section: ScenarioSchema.Sections.targetSeries) else { return nil }
        let indicator = reader.string(fields, "indicator")
        let region = reader.string(fields, "region")
        let unit = fields.has("unit") ? decodeUnit(fields, "unit") : nil
        var factors: [DerivationFactor]? = []
        if let factorsNode = fields.node("factors") {
            let factorsPath = fields.path("factors")
            if let items = reader.items(factorsNode, path: factorsPath, name: "factors", example: "[{name: …, value: 1.1, standardError: 0.02, rule: …}]") {
                let decoded = items.enumerated().compactMap { decodeFactor($1, path: "\(factorsPath)[\($0)]") }
                factors = decoded.count == items.count ? decoded : nil
            } else {
                factors = nil
            }
        }
        guard let indicator, let region, let unit, let factors else { return nil }
        return TargetSeriesSpecification(indicator: indicator, region: region, unit: unit, factors: factors)
    }

    private func decodeFactor(_ node: Node, path: String) -> DerivationFactor? {
        guard let fields = reader.fields(node, path: path, name: "factors’ item", what: "the factor",
                                         section: ScenarioSchema.Sections.factor) else { return nil }
        let name = reader.string(fields, "name")
        let value = positiveNumber(fields, "value", example: "1.137", called: "factor ‘value’", what: "a multiplicative factor")
        let standardError = nonNegativeNumber(fields, "standardError", example: "0.02",
                                              default: ScenarioSchema.Defaults.factorStandardError)
        let rule = reader.string(fields, "rule")
        let nameZh = optionalText(fields, "nameZh"), ruleZh = optionalText(fields, "ruleZh")
        guard let name, let value, let standardError, let rule, let nameZh, let ruleZh else { return nil }
        return DerivationFactor(name: name, value: value, standardError: standardError, rule: rule, nameZh: nameZh, ruleZh: ruleZh)
    }

    private func decodeMemberShare(_ node: Node, path: String) -> MemberShare? {
        guard let fields = reader.fields(node, path: path, name: "memberShares’ item", what: "the member share",
                                         section: ScenarioSchema.Sections.memberShare) else { return nil }
        let region = reader.string(fields, "region")
        let share = positiveNumber(fields, "share", example: "0.3", called: "‘share’", what: "a share")
        let relativeError = nonNegativeNumber(fields, "relativeError", example: "0.1",
                                              default: ScenarioSchema.Defaults.shareRelativeError)
        let basis = reader.choice(fields, "basis", among: ScenarioSchema.Limits.shareBases)
        let rule = reader.string(fields, "rule")
        let ruleZh = optionalText(fields, "ruleZh")
        guard let region, let share, let relativeError, let basis, let rule, let ruleZh else { return nil }
        return MemberShare(region: region, share: share, relativeError: relativeError, basis: basis, rule: rule, ruleZh: ruleZh)
    }

    /// The number at `key`, which must be positive; nil when it is not a number or not positive (after
    /// the error "`called` is -1; `what` must be positive").
    private func positiveNumber(_ fields: YAMLFields, _ key: String, example: String, called: String, what: String) -> Double? {
        guard let value = reader.double(fields, key, example: example) else { return nil }
        guard value > 0 else {
            reader.error(fields.node(key)?.mark, "\(called) is \(value); \(what) must be positive")
            return nil
        }
        return value
    }

    /// The number at `key`, which cannot be negative (a standard or relative error); `defaultValue` when
    /// given and the mapping leaves `key` out; nil when it is not a number or negative (after an error).
    private func nonNegativeNumber(_ fields: YAMLFields, _ key: String, example: String,
                                   default defaultValue: Double? = nil) -> Double? {
        if let defaultValue, !fields.has(key) { return defaultValue }
        guard let value = reader.double(fields, key, example: example) else { return nil }
        guard value >= 0 else {
            reader.error(fields.node(key)?.mark, "‘\(key)’ is \(value); it cannot be negative")
            return nil
        }
        return value
    }
}
