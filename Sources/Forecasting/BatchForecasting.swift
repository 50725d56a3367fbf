import Dispatch
import Foundation
import LinearAlgebra

/// The outcome of forecasting one series in a batch: a forecast, or the reason it failed.
public struct BatchOutcome: Sendable {
    /// Index of the series in the input.
    public let index: Int
    /// The fitted model, or why fitting failed.
    public let result: Result<FittedModel, ForecastingError>
}

/// Fits one model to many series in parallel. A failing series is recorded, never fatal; the
/// output order is the input order and does not depend on the number of threads.
public enum BatchForecasting {
    /// Fits `model` to every series, using up to `threads` threads (default: all cores).
    public static func fit(_ model: any ForecastModel, to series: [YearlySeries],
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [BatchOutcome] {
        let results = ResultBuffer(count: series.count)
        let workers = max(1, min(threads, series.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < series.count {
                let result: Result<FittedModel, ForecastingError>
                do {
                    result = .success(try model.fit(series[index]))
                } catch let error as ForecastingError {
                    result = .failure(error)
                } catch let error as LinearAlgebraError {
                    result = .failure(.leastSquaresFailure(error))
                } catch {
                    result = .failure(.numerical(String(describing: error)))
                }
                results.store(result, at: index)
                index += workers
            }
        }
        return results.values.enumerated().map { BatchOutcome(index: $0.offset, result: $0.element!) }
    }
}

/// A fixed-size buffer that worker threads fill at distinct indices.
private final class ResultBuffer: @unchecked Sendable {
    private(set) var values: [Result<FittedModel, ForecastingError>?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func store(_ value: Result<FittedModel, ForecastingError>, at index: Int) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }
}
