import Logging
import SweepModel
import TaskStore
import Timekeeping
import WireProtocol

/// The coordinator's rules, apart from any socket: leases, fencing, long-polling claims and sweep commands.
///
/// Each request kind has its own method: claims and the long-poll in `CoordinatorCore+Claims`, heartbeats,
/// results, failures and releases in `CoordinatorCore+Reports` (the fencing of stale results itself is the
/// store's, `TaskStore+Results`), sweep commands in `CoordinatorCore+Sweeps`. Time comes from `clock`.
public actor CoordinatorCore {
    public let configuration: CoordinatorConfiguration
    public nonisolated let store: StoreExecutor
    let logger: Logger
    nonisolated let clock: any WallClock
    var registry = WorkerRegistry()
    var pilots = PilotRegistry()
    var metrics = CoordinatorMetrics()
    var waiters = WorkWaiters()
    /// The queue depth last read for fair shares, and when.
    var knownDepth: (depth: QueueDepth, at: Double)?
    var storageLog = LogThrottle(intervalSeconds: 10)
    var refinementPasses = RefinementPasses()

    public init(
        configuration: CoordinatorConfiguration, store: StoreExecutor, logger: Logger,
        clock: any WallClock = SystemWallClock()
    ) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.clock = clock
    }

    /// Answers one request from an authenticated peer; `worker` is nil for a client connection.
    public func handle(_ request: Request, from worker: WorkerInfo?) async -> Response {
        if let worker { registry.seen(worker.id, now: clock.now()) }
        do {
            return try await respond(to: request, from: worker)
        } catch let refusal as Refusal {
            return .refused(refusal)
        } catch let error as StoreError {
            let refusal = Refusal(error, database: store.path)
            if error.isStorageFull, let heldBack = storageLog.admit(now: clock.now()) {
                logger.error(
                    "store cannot take writes",
                    metadata: ["reason": "\(refusal.message)", "similar_lines_held_back": "\(heldBack)"])
            }
            return .refused(refusal)
        } catch {
            logger.error("request failed", metadata: ["request": "\(request.kind)", "error": "\(error)"])
            return .refused(Refusal(code: .storeUnavailable, message: "\(error)"))
        }
    }

    private func respond(to request: Request, from worker: WorkerInfo?) async throws -> Response {
        switch request {
        case .hello:
            throw Refusal(code: .badRequest, message: "hello may only be sent once, first")
        case .claim(let claim):
            return .claimed(try await self.claim(claim, by: try Self.require(worker, toSend: "claim")))
        case .heartbeat(let heartbeat):
            return .heartbeatAck(try await renew(heartbeat, from: try Self.require(worker, toSend: "heartbeat")))
        case .complete(let report):
            return .reportAck(try await complete(report, from: try Self.require(worker, toSend: "complete")))
        case .fail(let report):
            return .reportAck(try await fail(report, from: try Self.require(worker, toSend: "fail")))
        case .release(let report):
            return .reportAck(try await release(report, from: try Self.require(worker, toSend: "release")))
        case .submit(let submit):
            return .submitted(try await self.submit(submit))
        case .status(let status):
            return .status(try await self.status(status))
        case .export(let export):
            return .exportPage(try await self.export(export))
        case .control(let control):
            return .controlled(try await self.control(control))
        case .workers:
            let workers = registry.all
            return .workers(WorkersReply(workers: workers, pilots: pilots.statuses(workers: workers)))
        case .logs(let logs):
            return .logsPage(try await self.logs(logs))
        case .putCode(let chunk):
            return .codeStored(complete: try await storeCode(chunk))
        case .getCode(let request):
            return .codeChunk(try await code(request))
        case .demand(let request):
            return .demand(try await demand(request))
        case .pilots(let report):
            pilots.record(report, now: clock.now())
            return .pilotsRecorded
        }
    }

    /// Re-queues expired leases; returns how many expired.
    @discardableResult
    public func expireLeases() async throws -> Int {
        let limits = configuration.limits
        let now = clock.now()
        let expired = try await store.perform { try $0.expireLeases(now: now, limits: limits) }.count
        metrics.record(.leasesExpired(expired))
        if expired > 0 {
            logger.notice("leases expired", metadata: ["count": "\(expired)"])
            wakeWaiters()
        }
        return expired
    }

    func workerConnected(_ info: WorkerInfo) {
        registry.connected(info, now: clock.now())
    }

    func workerDisconnected(_ id: String) {
        if let gone = registry.disconnected(id) { pilots.workerLeft(gone) }
    }

    func peerRefused() {
        metrics.record(.peerRefused)
    }

    /// The coordinator's counters since start.
    public var counters: CoordinatorMetrics { metrics }

    /// The Prometheus exposition of the coordinator's counters and the store's task counts.
    public func metricsText() async throws -> String {
        let counts = try await store.perform { try $0.taskCounts() }
        return metrics.prometheusText(taskCounts: counts, workers: registry.count)
    }

    private static func require(_ worker: WorkerInfo?, toSend kind: String) throws -> WorkerInfo {
        guard let worker else {
            throw Refusal(
                code: .badRequest, message: "only workers may \(kind); this connection said hello as a client")
        }
        return worker
    }
}
