import Dispatch
import Foundation

/// Forecasts many series at once, calibrating `auto` on the out-of-sample errors pooled within each
/// group (the series of one indicator as of one origin, or a whole competition file).
///
/// Other models are fitted one series at a time, as ``BatchForecasting`` does. A failing series is
/// recorded, never fatal; output order is input order and does not depend on the number of threads.
public enum PooledForecasting {
    /// One series to forecast: its history, support and pool.
    public struct Item: Sendable {
        /// The history (everything up to the forecast origin).
        public let history: YearlySeries
        /// The values the series can take.
        public let support: SeriesSupport
        /// Series with the same group are pooled together.
        public let group: Int
        /// An item.
        public init(history: YearlySeries, support: SeriesSupport = .real, group: Int = 0) {
            self.history = history
            self.support = support
            self.group = group
        }
    }

    /// Fits `model` to every item. With ``AutoModel``, every group's series are prepared, pooled
    /// into one ``CalibrationPool`` (pooling growth when `poolsGrowth`) and completed against it.
    public static func fit(_ model: any ForecastModel, to items: [Item], poolsGrowth: Bool,
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [BatchOutcome] {
        guard let auto = model as? AutoModel else {
            return BatchForecasting.fit(model, to: items.map(\.history), threads: threads)
        }
        let prepared = WorkerPool(threads: threads).map(count: items.count) { index -> Result<AutoPreparation, ForecastingError> in
            do {
                return .success(try auto.prepare(items[index].history, support: items[index].support))
            } catch let error as ForecastingError {
                return .failure(error)
            } catch {
                return .failure(.numerical(String(describing: error)))
            }
        }
        var members: [Int: [AutoPreparation]] = [:]
        for (item, preparation) in zip(items, prepared) {
            if case .success(let value) = preparation { members[item.group, default: []].append(value) }
        }
        let pools = members.mapValues { CalibrationPool($0, poolsGrowth: poolsGrowth) }
        // Completing a prepared series only packs its numbers: cheaper than handing it to a thread.
        return items.indices.map { index in
            BatchOutcome(index: index, result: prepared[index].map { auto.finish($0, pool: pools[items[index].group]!) })
        }
    }
}
