import Indicators

/// A target that cannot be tested as written: its basis cannot be read from what its series
/// measures, `=` asks for an exact value of something that is not a count, a cumulative target in an
/// observed year lacks its start, or a zone's rate would have to be summed from its members.
public struct TargetProblem: Sendable, Equatable, CustomStringConvertible {
    /// The target's id.
    public let targetID: String
    /// The column of the targets file at fault: `basis`, `comparator`, `from` or `scope`.
    public let column: String
    /// One sentence: what is wrong and what to write instead.
    public let message: String

    /// `target ‘id’: message`.
    public var description: String { "target ‘\(targetID)’: \(message)" }
}

extension ScenarioEngine {
    /// The regions a target binds in a run: the zone for scope `zone`, every member for `each_city`
    /// and `all_cities`; `—` when the run has no zone to bind.
    static func regions(of target: Target, zone: ZoneSpecification?) -> [String] {
        var regions: [String] = []
        switch target.scope {
        case .zone: if let zone { regions = [zone.region] }
        case .eachCity, .allCities: regions = zone?.members ?? []
        }
        return regions.isEmpty ? [zone?.region ?? "—"] : regions
    }

    /// Every target of `inputs` that cannot be tested as written, all at once, in target order (at most
    /// one problem per target and column). The scenario loader reports them as errors at the target's
    /// line; the engine refuses to run with any.
    ///
    /// - A basis the series' measure cannot give (`TargetBasis/refusal(for:hasStart:)`), or a
    ///   `new_in_year` or `cumulative` target on a series in the run whose measure nothing declares.
    /// - `=` on a unit that is not a count (`UnitOfMeasure/isCount`): use `~` or `range`.
    /// - A `cumulative` target (or a `stock` target on a flow) whose year is not after the as-of year,
    ///   without `from`: the default start, the year after the as-of year, is after it.
    /// - A `zone` target on a rate whose members are projected but the zone has no series of its own:
    ///   rates are never summed.
    public static func targetProblems(_ inputs: ScenarioInputs) -> [TargetProblem] {
        let specification = inputs.specification
        let zone = specification.zone
        let keys = Set(specification.projections.flatMap { ProjectionLayout($0, inputs: inputs).keys($0) })
        func exists(_ region: String, _ indicator: String) -> Bool {
            keys.contains(SeriesKey(region: region, indicator: indicator))
                || inputs.panel.series(region: region, indicator: indicator) != nil
        }
        var problems: [TargetProblem] = []
        for target in inputs.targets {
            var columns: Set<String> = []
            func report(_ column: String, _ message: String) {
                guard columns.insert(column).inserted else { return }
                problems.append(TargetProblem(targetID: target.id, column: column, message: message))
            }
            if case .equalTo = target.comparator, !target.unit.isCount {
                report("comparator", "‘=’ compares whole counts, but ‘\(target.unit)’ is not a count; use ‘~’ (about, with a tolerance) or ‘range’")
            }
            for region in regions(of: target, zone: zone) {
                let measure = inputs.measure(region: region, indicator: target.indicator)
                if let measure, let refusal = target.basis.refusal(for: measure, hasStart: target.from != nil) {
                    report("basis", "‘\(target.indicator)’ is a \(measure.rawValue): \(refusal)")
                } else if measure == nil, [.newInYear, .cumulative].contains(target.basis), exists(region, target.indicator) {
                    report("basis", "no measure is declared for ‘\(target.indicator)’, so a ‘\(target.basis.rawValue)’ target cannot be read from it: "
                        + "declare whether it is a stock or a flow (column ‘measure’ of indicators.csv or of the data, or ‘measure:’ in the projection)")
                }
                let sums = target.basis == .cumulative || (target.basis == .stock && measure == .flow)
                if sums, target.from == nil, target.year <= specification.asOf {
                    report("from", "a running sum up to \(target.year), a year not after asOf \(specification.asOf), needs ‘from’: "
                        + "the default start, \(specification.asOf + 1), is after it")
                }
                if target.scope == .zone, let zone, region == zone.region, measure == .rate, !exists(region, target.indicator),
                   zone.members.contains(where: { keys.contains(SeriesKey(region: $0, indicator: target.indicator)) }) {
                    report("scope", "‘\(target.indicator)’ is a rate, which is never summed over the members of ‘\(zone.region)’: "
                        + "give the zone's own series in the data, or use scope ‘each_city’ or ‘all_cities’")
                }
            }
        }
        return problems
    }
}
