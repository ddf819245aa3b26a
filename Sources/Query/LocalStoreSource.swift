import NIOPosix
import SweepModel
import TaskStore

/// Reads results straight from a database file, on a read-only connection of its own, on NIO's thread pool.
public struct LocalStoreSource: ResultSource {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    private func open() throws -> TaskStore {
        try TaskStore(path: path, readOnly: true)
    }

    /// Runs `read` on a new read-only connection, on a thread of NIO's pool rather than the cooperative pool.
    private func reading<Value: Sendable>(_ read: @escaping @Sendable (TaskStore) throws -> Value) async throws -> Value
    {
        let path = path
        return try await NIOThreadPool.singleton.runIfActive { try read(TaskStore(path: path, readOnly: true)) }
    }

    public func progress(sweep: String?) async throws -> [SweepProgress] {
        try await reading { try $0.progress(sweep: sweep) }
    }

    public func page(
        sweep: String, afterTaskID: Int64, limit: Int
    ) async throws -> (records: [TaskRecord], next: Int64?) {
        let records = try await reading { try $0.tasks(ofSweep: sweep, afterID: afterTaskID, limit: limit) }
        return (records, records.count == limit ? records.last?.taskID : nil)
    }

    public func axes(sweep: String) async throws -> [Axis] {
        try await reading { try $0.axes(ofSweep: sweep) }
    }

    public func metricNames(sweep: String) async throws -> [String] {
        try await reading { try $0.metricNames(ofSweep: sweep) }
    }

    public func forEachOutcome(
        sweep: String,
        _ body: (Int64, UnsafeBufferPointer<UInt8>, TaskState, UnsafeBufferPointer<UInt8>?) throws -> Void
    ) async throws {
        try await OutcomeBatches.stream(
            produce: { emit in try open().forEachOutcome(ofSweep: sweep, emit) }, consume: body)
    }
}
