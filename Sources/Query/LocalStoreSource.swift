import SweepModel
import TaskStore

/// Reads results straight from a database file, with a connection of its own on the caller's task.
public struct LocalStoreSource: ResultSource {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func progress(sweep: String?) async throws -> [SweepProgress] {
        try TaskStore(path: path, readOnly: true).progress(sweep: sweep)
    }

    public func page(sweep: String, afterTaskID: Int64, limit: Int) async throws -> (records: [TaskRecord], next: Int64?) {
        let records = try TaskStore(path: path, readOnly: true).tasks(ofSweep: sweep, afterID: afterTaskID, limit: limit)
        return (records, records.count == limit ? records.last?.taskID : nil)
    }
}
