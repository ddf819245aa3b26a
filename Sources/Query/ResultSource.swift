import SweepModel

/// Where stored results are read from: a database file directly, or a coordinator over the network.
public protocol ResultSource: Sendable {
    func progress(sweep: String?) async throws -> [SweepProgress]
    /// Up to `limit` tasks after `afterTaskID`, and the id to continue after (nil when done).
    func page(sweep: String, afterTaskID: Int64, limit: Int) async throws -> (records: [TaskRecord], next: Int64?)
    /// The sweep's axes as last submitted.
    func axes(sweep: String) async throws -> [Axis]
    /// Every task of the sweep in task order, streamed: its id, its parameters as canonical JSON, its state,
    /// and its accepted metrics as JSON (nil until it has some). The texts are UTF-8 bytes, valid during the call.
    func forEachOutcome(
        sweep: String,
        _ body: (
            _ taskID: Int64, _ parameters: UnsafeBufferPointer<UInt8>, _ state: TaskState,
            _ metrics: UnsafeBufferPointer<UInt8>?
        ) throws -> Void
    ) async throws
    /// The names of the metrics the sweep's results report, sorted.
    func metricNames(sweep: String) async throws -> [String]
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
