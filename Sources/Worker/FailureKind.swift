/// What kind of failure ended a run.
public enum FailureKind: Sendable, Hashable, CustomStringConvertible {
    /// The run reported an error of its own.
    case error
    /// A process exited with a non-zero status.
    case exit(Int32)
    /// A process was killed by a signal.
    case signal(Int32)
    /// The run took longer than it was allowed.
    case timeout
    /// The run ended without reporting metrics.
    case noMetrics
    /// The metrics it reported could not be read.
    case badMetrics
    /// The run could not be started (unknown experiment, bad parameters, missing program).
    case cannotStart
    /// The run went over its memory.
    case memory

    public var description: String {
        switch self {
        case .error: "error"
        case .exit(let status): "exit \(status)"
        case .signal(let number): "signal \(number)"
        case .timeout: "timeout"
        case .noMetrics: "no metrics"
        case .badMetrics: "bad metrics"
        case .cannotStart: "cannot start"
        case .memory: "memory"
        }
    }
}
