import SweepModel

/// A task the worker is running: what it holds, since when, and the Swift task running it.
struct RunningTask {
    let task: LeasedTask
    let granted: GrantedResources
    /// Unix seconds, on the worker's clock.
    let startedAt: Double
    let run: Task<Void, Never>
}
