import SweepModel

/// How one run ended.
public enum RunOutcome: Sendable, Hashable {
    /// The run produced its metrics; `peakRSSBytes` is the resident-memory peak it reached.
    case succeeded(Metrics, peakRSSBytes: Int)
    case failed(RunFailure)
    /// The run stopped early because its Swift task was cancelled.
    case cancelled
}
