import SweepModel

/// Where stored results are read from: a database file directly, or a coordinator over the network.
public protocol ResultSource: Sendable {
    func progress(sweep: String?) async throws -> [SweepProgress]
    /// Up to `limit` tasks after `afterTaskID`, and the id to continue after (nil when done).
    func page(sweep: String, afterTaskID: Int64, limit: Int) async throws -> (records: [TaskRecord], next: Int64?)
    /// The sweep's axes as last submitted.
    func axes(sweep: String) async throws -> [Axis]
    /// Every task of the sweep, streamed: the values of the named parameters and metrics (nil where absent or
    /// not done yet) and its state.
    func forEachOutcome(
        sweep: String, parameters: [String], metrics: [String], _ body: (TaskOutcome) throws -> Void
    ) async throws
    /// The names of the metrics the sweep's results report, sorted.
    func metricNames(sweep: String) async throws -> [String]
}

/// What an aggregation needs of one task: the values of the parameters and metrics it asked for, in the
/// order it asked, and the task's state.
public struct TaskOutcome: Sendable {
    public var parameters: [ParamValue?]
    public var state: TaskState
    public var metrics: [Double?]

    public init(parameters: [ParamValue?], state: TaskState, metrics: [Double?]) {
        self.parameters = parameters
        self.state = state
        self.metrics = metrics
    }
}

extension ResultSource {
    /// Every task of the sweep, page by page, without holding them all at once.
    public func forEachRecord(
        sweep: String, pageSize: Int = 2000, _ body: ([TaskRecord]) throws -> Void
    ) async throws {
        var after: Int64 = 0
        while true {
            let (records, next) = try await page(sweep: sweep, afterTaskID: after, limit: pageSize)
            try body(records)
            guard let next else { return }
            after = next
        }
    }
}
