/// The right to run one task, held by one attempt. Only the current attempt's result is accepted, and only
/// from whoever holds the lease's secret: attempt ids are sequential and guessable, the secret is not.
public struct Lease: Sendable, Hashable, Codable {
    public var taskID: Int64
    public var attemptID: Int64
    /// 128 random bits (32 hex digits) given with the claim; every report on the lease must carry it.
    public var secret: String

    public init(taskID: Int64, attemptID: Int64, secret: String = "") {
        self.taskID = taskID
        self.attemptID = attemptID
        self.secret = secret
    }
}
