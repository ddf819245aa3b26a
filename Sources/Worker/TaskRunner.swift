import SweepModel

/// Runs one leased task for the worker: the built-in experiments are one runner, a command runner another.
///
/// The worker asks a run to stop early (its lease was lost, or the worker is shutting down) by cancelling the
/// Swift task that called `run`; a run that stops for it returns `.cancelled`.
public protocol TaskRunner: Sendable {
    func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome
}
