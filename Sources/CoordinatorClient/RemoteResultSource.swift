import Query
import SweepModel
import WireProtocol

/// Results read through a coordinator's `status` and `export` requests, page by page.
public struct RemoteResultSource: ResultSource {
    public let connection: CoordinatorConnection

    public init(connection: CoordinatorConnection) {
        self.connection = connection
    }

    public func progress(sweep: String?) async throws -> [SweepProgress] {
        let response = try await connection.send(.status(StatusRequest(sweep: sweep)))
        guard case .status(let reply) = response else { throw Self.unexpected(response, to: "status") }
        return reply.sweeps
    }

    public func page(
        sweep: String, afterTaskID: Int64, limit: Int
    ) async throws -> (records: [TaskRecord], next: Int64?) {
        let page = try await exportPage(sweep: sweep, after: afterTaskID, limit: limit)
        return (page.records, page.nextAfterTaskID)
    }

    public func axes(sweep: String) async throws -> [Axis] {
        try await exportPage(sweep: sweep, after: 0, limit: 1).axes
    }

    public func metricNames(sweep: String) async throws -> [String] {
        var names = Set<String>()
        var after: Int64? = 0
        while let current = after, names.isEmpty {
            let page = try await exportPage(sweep: sweep, after: current, limit: 2000)
            for record in page.records { names.formUnion(record.metrics?.names ?? []) }
            after = page.nextAfterTaskID
        }
        return names.sorted()
    }

    public func forEachOutcome(
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
        let response = try await connection.send(.export(request))
        guard case .exportPage(let page) = response else { throw Self.unexpected(response, to: "export") }
        return page
    }

    private static func unexpected(_ response: Response, to request: String) -> ProtocolError {
        .unexpectedMessage("the coordinator answered \(request) with \(response.kind)")
    }
}
