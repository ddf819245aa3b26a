import SweepModel

/// Runs one leased task for the worker: the built-in experiments are one runner, a command runner another.
///
/// The worker asks a run to stop early (its lease was lost, or the worker is shutting down) by cancelling the
/// Swift task that called `run`; a run that stops for it returns `.cancelled`.
public protocol TaskRunner: Sendable {
    func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome

    /// The last progress report of `task`'s run, while it runs (a JSON object's text); nil when it has none.
    /// Read at each heartbeat: it must be quick.
    func progress(of task: LeasedTask) -> String?
}

extension TaskRunner {
    public func progress(of task: LeasedTask) -> String? { nil }
}
