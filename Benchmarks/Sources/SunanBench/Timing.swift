/// One untimed warm-up of `body`, then `repeats` timed runs (wall clock).
/// - Returns: the median of the timed runs in seconds, and the last run's result.
func medianTime<T>(repeats: Int, _ body: () throws -> T) throws -> (seconds: Double, result: T) {
    var result = try body()
    var seconds: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repeats {
        let start = clock.now
        result = try body()
        let elapsed = start.duration(to: clock.now)
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    seconds.sort()
    let middle = seconds.count / 2
    let median = seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
    return (median, result)
}
