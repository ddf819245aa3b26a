import SweepModel

/// The task the worker is running, the Swift task running it, and where its end is delivered.
struct RunningTask {
    let task: LeasedTask
    /// Unix seconds, on the worker's clock.
    let startedAt: Double
    let run: Task<Void, Never>
    let delivery: Delivery<RunEnd>
}
