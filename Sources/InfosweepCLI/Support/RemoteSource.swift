import Query
import SweepModel
import WireProtocol
import Worker

/// Results read through a coordinator, page by page.
struct RemoteSource: ResultSource {
    let connection: CoordinatorConnection

    func progress(sweep: String?) async throws -> [SweepProgress] {
        guard case .status(let reply) = try await connection.send(.status(StatusRequest(sweep: sweep))) else {
            throw CLIError("unexpected reply to status")
        }
        return reply.sweeps
    }

    func page(sweep: String, afterTaskID: Int64, limit: Int) async throws -> (records: [TaskRecord], next: Int64?) {
        let page = try await exportPage(sweep: sweep, after: afterTaskID, limit: limit)
        return (page.records, page.nextAfterTaskID)
    }

    func axes(sweep: String) async throws -> [Axis] {
        try await exportPage(sweep: sweep, after: 0, limit: 1).axes
    }

    func metricNames(sweep: String) async throws -> [String] {
        var names = Set<String>()
        var after: Int64? = 0
        while let current = after, names.isEmpty {
            let page = try await exportPage(sweep: sweep, after: current, limit: 2000)
            for record in page.records { names.formUnion(record.metrics?.names ?? []) }
            after = page.nextAfterTaskID
        }
        return names.sorted()
    }

    func forEachOutcome(
        sweep: String,
        _ body: (Int64, UnsafeBufferPointer<UInt8>, TaskState, UnsafeBufferPointer<UInt8>?) throws -> Void
    ) async throws {
        try await forEachRecord(sweep: sweep) { records in
            for record in records {
                var parameters = record.parameters.canonicalJSON
                try parameters.withUTF8 { parameterBytes in
                    guard var metrics = record.metrics?.jsonText else {
                        return try body(record.taskID, parameterBytes, record.state, nil)
                    }
                    try metrics.withUTF8 { try body(record.taskID, parameterBytes, record.state, $0) }
                }
            }
        }
    }

    private func exportPage(sweep: String, after: Int64, limit: Int) async throws -> ExportPage {
        let request = ExportRequest(sweep: sweep, afterTaskID: after, limit: limit)
        guard case .exportPage(let page) = try await connection.send(.export(request)) else {
            throw CLIError("unexpected reply to export")
        }
        return page
    }
}
