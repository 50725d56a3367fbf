/// Something that weakened a run's numbers without stopping it, stated so that a planner can weigh
/// them: `results.json` lists the notes (``code`` and the engine's English ``detail``), `summary.md`
/// words them in its language, and `sunan run` prints them. A run that needed none has none, and then
/// its files do not mention them.
public enum RunNote: Sendable, Equatable {
    /// A series with values in the history window was left out of the pool that calibrates `auto`'s
    /// intervals (and pools its growth) for its indicator; some projection of the run used that pool.
    case leftOutOfPool(PoolExclusion)

    /// The stable text `results.json` writes for the kind of note.
    public var code: String {
        switch self {
        case .leftOutOfPool: return "left out of calibration pool"
        }
    }

    /// What the note concerns, as `results.json` writes it: `Jiangsu/new_enterprises`.
    public var subject: String {
        switch self {
        case .leftOutOfPool(let exclusion): return "\(exclusion.region)/\(exclusion.indicator)"
        }
    }

    /// The engine's English sentence (the renderers word the note from its values).
    public var detail: String {
        switch self {
        case .leftOutOfPool(let exclusion):
            let reason: String
            switch exclusion.reason {
            case let .negativeCount(year, value):
                reason = "its value in \(year) is \(value), and a count cannot be negative"
            case .unusable(let message):
                reason = message
            }
            return "left out of the pool that calibrates auto's intervals for \(exclusion.indicator) (\(reason)); "
                + "those intervals rest on the other regions"
        }
    }
}

extension ScenarioEngine {
    /// The run's notes from its prepared projections, each once, in the order first met.
    static func notes(_ prepared: [PreparedProjection]) -> [RunNote] {
        var notes: [RunNote] = []
        for note in prepared.flatMap(\.notes) where !notes.contains(note) { notes.append(note) }
        return notes
    }
}
