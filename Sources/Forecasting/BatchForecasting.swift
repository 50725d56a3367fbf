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
    /// Fits `model` to every series on a ``WorkerPool`` of up to `threads` threads (default: all cores).
    public static func fit(_ model: any ForecastModel, to series: [YearlySeries],
                           threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [BatchOutcome] {
        WorkerPool(threads: threads).map(count: series.count) { index in
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
            return BatchOutcome(index: index, result: result)
        }
    }
}
