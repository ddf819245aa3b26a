import SweepModel

/// How one run ended.
public enum RunOutcome: Sendable, Hashable {
    /// The run produced its metrics; `peakRSSBytes` is the resident-memory peak it reached.
    case succeeded(Metrics, peakRSSBytes: Int)
    case failed(RunFailure)
    /// The run stopped early because its Swift task was cancelled.
    case cancelled
    /// The run asked to be run again later (a command's exit 75, EX_TEMPFAIL: preempted, or checkpointed):
    /// its lease is given back without spending the task's failure budget.
    case requeued
}
