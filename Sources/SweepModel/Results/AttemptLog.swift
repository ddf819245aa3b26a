/// One attempt of a task with what its command wrote: what `infosweep logs` prints.
public struct AttemptLog: Sendable, Hashable {
    public var taskID: Int64
    public var attemptID: Int64
    public var key: String
    /// The attempt's number among its task's attempts, from 1.
    public var attempt: Int
    public var outcome: String
    public var host: String
    public var taskState: String
    public var detail: String?
    public var tails: AttemptLogTails

    public init(
        taskID: Int64, attemptID: Int64, key: String, attempt: Int, outcome: String, host: String,
        taskState: String, detail: String?, tails: AttemptLogTails
    ) {
        self.taskID = taskID
        self.attemptID = attemptID
        self.key = key
        self.attempt = attempt
        self.outcome = outcome
        self.host = host
        self.taskState = taskState
        self.detail = detail
        self.tails = tails
    }
}
