/// One point of a sweep: the experiment, its full parameters (seed included) and its content address.
public struct TaskSpec: Sendable, Hashable, Codable {
    public var key: String
    public var experiment: String
    public var parameters: Parameters

    public init(experiment: String, version: Int = 1, parameters: Parameters) {
        self.experiment = experiment
        self.parameters = parameters
        self.key = TaskIdentity.key(experiment: experiment, version: version, parameters: parameters)
    }

    /// A task whose key the caller has computed from the same canonical text.
    init(key: String, experiment: String, parameters: Parameters) {
        self.key = key
        self.experiment = experiment
        self.parameters = parameters
    }
}
