import NIOPosix
import SweepModel
import TaskStore

/// Reads results straight from a database file, on a read-only connection of its own, on a thread of the
/// blocking-work pool (never one of the cooperative pool's).
public struct LocalStoreSource: ResultSource {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    private func open() throws -> TaskStore {
        try TaskStore(path: path, readOnly: true)
    }

    /// Runs `body` on a read-only connection, off the cooperative pool.
    public func read<T: Sendable>(_ body: @escaping @Sendable (TaskStore) throws -> T) async throws -> T {
        let path = self.path
        return try await NIOThreadPool.singleton.runIfActive { try body(TaskStore(path: path, readOnly: true)) }
    }

    public func progress(sweep: String?) async throws -> [SweepProgress] {
        try await read { try $0.progress(sweep: sweep) }
    }

    public func page(
        sweep: String, afterTaskID: Int64, limit: Int
    ) async throws -> (records: [TaskRecord], next: Int64?) {
        let records = try await read { try $0.tasks(ofSweep: sweep, afterID: afterTaskID, limit: limit) }
        return (records, records.count == limit ? records.last?.taskID : nil)
    }

    public func axes(sweep: String) async throws -> [Axis] {
        try await read { try $0.axes(ofSweep: sweep) }
    }

    public func metricNames(sweep: String) async throws -> [String] {
        try await read { try $0.metricNames(ofSweep: sweep) }
    }

    public func forEachOutcome(
        sweep: String,
        _ body: (Int64, UnsafeBufferPointer<UInt8>, TaskState, UnsafeBufferPointer<UInt8>?) throws -> Void
    ) async throws {
        try await OutcomeBatches.stream(
            produce: { emit in try open().forEachOutcome(ofSweep: sweep, emit) }, consume: body)
    }
}
