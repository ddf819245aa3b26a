/// The right to run one task, held by one attempt. Only the current attempt's result is accepted.
public struct Lease: Sendable, Hashable, Codable {
    public var taskID: Int64
    public var attemptID: Int64

    public init(taskID: Int64, attemptID: Int64) {
        self.taskID = taskID
        self.attemptID = attemptID
    }
}
