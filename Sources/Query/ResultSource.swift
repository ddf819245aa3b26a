import SweepModel

/// Where stored results are read from: a database file directly, or a coordinator over the network.
public protocol ResultSource: Sendable {
    func progress(sweep: String?) async throws -> [SweepProgress]
    /// Up to `limit` tasks after `afterTaskID`, and the id to continue after (nil when done).
    func page(sweep: String, afterTaskID: Int64, limit: Int) async throws -> (records: [TaskRecord], next: Int64?)
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
