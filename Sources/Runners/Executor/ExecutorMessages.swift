import SweepModel

/// One built-in task for an executor child: the experiment, its parameters and the threads it may use.
struct ExecutorJob: Codable, Sendable, Hashable {
    var id: UInt64
    var experiment: String
    var parameters: Parameters
    var threads: Int
}

/// What the worker tells an executor child, one JSON object a line.
enum ExecutorMessage: Codable, Sendable, Hashable {
    case run(ExecutorJob)
    /// Raise the cancellation flag of job `id` if it is still running.
    case cancel(id: UInt64)
}

/// What an executor child answers for a job, one JSON object a line.
struct ExecutorReply: Codable, Sendable, Hashable {
    /// How a job ended inside the child.
    enum Ending: Codable, Sendable, Hashable {
        case succeeded(Metrics, peakRSSBytes: Int)
        /// The experiment or its parameters were refused before it ran.
        case refused(String)
        /// The experiment threw an error of its own.
        case failed(String)
        case cancelled
    }

    var id: UInt64
    var ending: Ending
}
