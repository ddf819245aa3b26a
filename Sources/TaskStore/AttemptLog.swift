/// One attempt of a task with what its command wrote: what `infosweep logs` prints.
public struct AttemptLog: Sendable, Hashable {
    public var key: String
    /// The attempt's number among its task's attempts, from 1.
    public var attempt: Int
    public var outcome: String
    public var host: String
    public var taskState: String
    public var detail: String?
    public var tails: AttemptLogTails

    public init(
        key: String, attempt: Int, outcome: String, host: String, taskState: String, detail: String?,
        tails: AttemptLogTails
    ) {
        self.key = key
        self.attempt = attempt
        self.outcome = outcome
        self.host = host
        self.taskState = taskState
        self.detail = detail
        self.tails = tails
    }
}
