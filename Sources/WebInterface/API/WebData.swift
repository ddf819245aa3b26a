import Coordinator
import PhaseDiagram
import Query
import SweepModel
import TaskStore
import WireProtocol

/// What the web server reads and changes, through the code the CLI uses: the store on read-only connections of
/// its own, off the cooperative pool (never the coordinator's store thread), and the coordinator's core for
/// workers, waiting reasons and sweep controls.
struct WebData: Sendable {
    let core: CoordinatorCore
    let source: LocalStoreSource

    /// Every sweep's progress, with what its pending tasks wait for: `status --json`'s document.
    func sweeps() async throws -> [SweepProgress] {
        await core.withWaitingReasons(try await source.progress(sweep: nil))
    }

    func sweep(_ name: String) async throws -> SweepProgress {
        guard let progress = await core.withWaitingReasons(try await source.progress(sweep: name)).first else {
            throw APIError.notFound("no sweep named '\(name)'")
        }
        return progress
    }

    /// The sweep file's `phase:` view, when it has one.
    func view(of sweep: String) async throws -> PhaseView? {
        let text = try await source.read { try $0.source(ofSweep: sweep) }
        return try? SweepSpecParser(file: sweep).parse(text).view
    }

    func phase(_ request: PhaseRequest, of sweep: String) async throws -> PhaseTable {
        try await request.table(of: sweep, from: source)
    }

    func workers() async -> WorkersReply {
        guard case .workers(let reply) = await core.handle(.workers, from: nil) else {
            return WorkersReply(workers: [])
        }
        return reply
    }

    /// Up to `limit` of the sweep's tasks in `state`, each with the log tails of its last attempt.
    func tasks(of sweep: String, in state: TaskState?, limit: Int) async throws -> [(TaskRecord, AttemptLog?)] {
        try await source.read { store in
            try store.tasks(ofSweep: sweep, limit: limit, state: state).map { record in
                (record, try store.attemptLogs(taskKey: record.key).last)
            }
        }
    }

    func logs(ofTask key: String, attempt: Int?) async throws -> [AttemptLog] {
        try await source.read { try $0.attemptLogs(taskKey: key, attempt: attempt) }
    }

    func control(_ request: ControlRequest) async throws -> ControlReply {
        switch await core.handle(.control(request), from: nil) {
        case .controlled(let reply): return reply
        case .refused(let refusal): throw APIError(refusal)
        default: throw APIError.unavailable("unexpected reply to \(request.action.rawValue)")
        }
    }
}
