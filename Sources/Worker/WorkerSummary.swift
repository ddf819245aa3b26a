/// What a worker did before it stopped.
public struct WorkerSummary: Sendable, Hashable, Codable {
    public var ran: Int = 0
    public var accepted: Int = 0
    public var rejected: Int = 0
    public var failed: Int = 0
    public var released: Int = 0
    /// True when the worker stopped because its next task would not have finished before its deadline.
    public var stoppedAtDeadline = false
    /// Seconds each claim that returned tasks took, from request to reply.
    public var claimLatencies: [Double] = []

    public init() {}
}
