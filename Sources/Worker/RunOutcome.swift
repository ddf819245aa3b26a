import SweepModel

/// How one run ended.
public enum RunOutcome: Sendable, Hashable {
    /// The run produced its metrics; `facts` say what it used and where.
    case succeeded(Metrics, RunFacts)
    case failed(RunFailure)
    /// The run stopped early because its Swift task was cancelled.
    case cancelled
    /// The run asked to be run again later (a command's exit 75, EX_TEMPFAIL: preempted, or checkpointed):
    /// its lease is given back without spending the task's failure budget.
    case requeued
}

/// What a run that succeeded says of itself besides its metrics, for its result's provenance.
public struct RunFacts: Sendable, Hashable {
    /// The resident-memory peak the run reached.
    public var peakRSSBytes: Int
    /// The engine kernels of the process that ran it (`portable`, `avx2`); empty for a command.
    public var kernels: String
    /// Where the run kept its files, `host:path`; empty when it kept none.
    public var taskFolder: String
    /// The ends of what a command wrote (empty for the built-in experiments).
    public var stdoutTail: String
    public var stderrTail: String

    public init(
        peakRSSBytes: Int, kernels: String = "", taskFolder: String = "", stdoutTail: String = "",
        stderrTail: String = ""
    ) {
        self.peakRSSBytes = peakRSSBytes
        self.kernels = kernels
        self.taskFolder = taskFolder
        self.stdoutTail = stdoutTail
        self.stderrTail = stderrTail
    }
}
