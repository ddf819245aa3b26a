import Hummingbird
import NIOCore
import PhaseDiagram
import Query
import SweepModel
import WireProtocol

/// The JSON API under `/api/v1`: the documents of `status`, `phase`, `export`, `workers` and `logs`, and the
/// sweep controls.
struct APIRoutes: Sendable {
    let data: WebData

    func add(to router: Router<WebRequestContext>) {
        let api = router.group("api/v1")
        api.get("sweeps") { _, _ -> Response in .json(StatusReport.json(try await data.sweeps())) }
        api.get("sweeps/:name/phase") { request, context in try await phase(request, context) }
        api.get("sweeps/:name/export") { request, context in try await export(request, context) }
        api.get("sweeps/:name/tasks") { request, context in try await tasks(request, context) }
        api.get("workers") { _, _ -> Response in .json(try await data.workers().jsonText()) }
        api.get("tasks/:key/logs") { request, context -> Response in
            let query = QueryString(request.uri.query)
            let attempt = query["attempt"] == nil ? nil : try query.integer("attempt", default: 1, in: 1...1_000_000)
            return .json(
                JSONDocuments.logs(try await data.logs(ofTask: try context.parameters.require("key"), attempt: attempt))
            )
        }
        api.post("sweeps/:name/:action") { request, context -> Response in
            let reply = try await data.control(try Self.control(request, context))
            return .json(JSONDocuments.control(reply))
        }
    }

    private func phase(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let sweep = try context.parameters.require("name")
        let phase = try PhaseRequest(QueryString(request.uri.query), view: try await data.view(of: sweep))
        let table = try await data.phase(phase, of: sweep)
        switch phase.format {
        case .json: return .json(table.json())
        case .csv: return .text(table.csv(), type: "text/csv; charset=utf-8")
        case .svg: return .text(table.svg(), type: "image/svg+xml")
        }
    }

    /// The sweep's tasks as `export` writes them, a page at a time, without holding the sweep in memory.
    private func export(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let sweep = try context.parameters.require("name")
        let format: ExportWriter.Format = try QueryString(request.uri.query).choice("format", default: .csv)
        _ = try await data.source.axes(sweep: sweep)
        let source = data.source
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
        let body = ResponseBody { writer in
            let text = TextBuffer()
            var export = ExportWriter(format: format) { text.value += $0 }
            var after: Int64 = 0
            while true {
                let (records, next) = try await source.page(sweep: sweep, afterTaskID: after, limit: 2000)
                export.append(records)
                try await writer.write(ByteBuffer(string: text.take()))
                guard let next else { break }
                after = next
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: body)
    }

    private func tasks(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let query = QueryString(request.uri.query)
        let state = try query["state"].map { text throws(APIError) in
            guard let state = TaskState(rawValue: text) else {
                let states = TaskState.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badOption("state=\(text) is not one of \(states)")
            }
            return state
        }
        let limit = try query.integer("limit", default: 100, in: 1...10_000)
        let tasks = try await data.tasks(of: try context.parameters.require("name"), in: state, limit: limit)
        return .json(JSONDocuments.tasks(tasks))
    }

    /// The control a POST asks for: its action from the path, and for requeue the states (`state=failed`).
    static func control(_ request: Request, _ context: WebRequestContext) throws -> ControlRequest {
        let name = try context.parameters.require("name")
        let text = try context.parameters.require("action")
        guard let action = ControlRequest.Action(rawValue: text) else {
            throw APIError.notFound("no such control '\(text)' (pause, resume, cancel, requeue)")
        }
        let query = QueryString(request.uri.query)
        var states: [TaskState] = []
        for value in query.all("state") {
            guard let state = TaskState(rawValue: value) else {
                throw APIError.badOption("state=\(value) is not a task state")
            }
            states.append(state)
        }
        if action == .requeue && states.isEmpty { states = [.failed] }
        return ControlRequest(
            sweep: name, action: action, states: states, stopRunning: query["stop_running"] == "true")
    }
}

/// Text that a non-escaping writer appends to, taken out a page at a time.
final class TextBuffer {
    var value = ""

    func take() -> String {
        defer { value = "" }
        return value
    }
}
