/// One task of a sweep as stored: its parameters, state and, once done, its accepted result.
public struct TaskRecord: Sendable, Hashable, Codable {
    public var taskID: Int64
    public var key: String
    public var experiment: String
    public var parameters: Parameters
    public var state: TaskState
    public var attempts: Int
    public var error: String?
    public var metrics: Metrics?
    public var provenance: Provenance?

    public init(
        taskID: Int64, key: String, experiment: String, parameters: Parameters, state: TaskState, attempts: Int,
        error: String? = nil, metrics: Metrics? = nil, provenance: Provenance? = nil
    ) {
        self.taskID = taskID
        self.key = key
        self.experiment = experiment
        self.parameters = parameters
        self.state = state
        self.attempts = attempts
        self.error = error
        self.metrics = metrics
        self.provenance = provenance
    }
}
