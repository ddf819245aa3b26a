import Foundation
import Logging
import SweepModel
import TaskStore
import WireProtocol

/// The coordinator's rules, apart from any socket: leases, fencing, long-polling claims and sweep commands.
public actor CoordinatorCore {
    public let configuration: CoordinatorConfiguration
    public nonisolated let store: StoreExecutor
    private let logger: Logger
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiterID: UInt64 = 0
    private var registry = WorkerRegistry()
    public private(set) var metrics = CoordinatorMetrics()
    /// The experiment of each lease handed out since start, for the run-time metrics.
    private var leaseExperiments: [Lease: String] = [:]
    /// Bumped whenever work may have appeared or the queue may have gone idle, so that a claim that looked
    /// before the change and waits after it does not miss it.
    private var workGeneration: UInt64 = 0
    private var knownDepth: (depth: QueueDepth, at: Date)?

    public init(configuration: CoordinatorConfiguration, store: StoreExecutor, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    /// Answers one request from an authenticated peer.
    public func handle(_ request: Request, from worker: WorkerInfo?) async -> Response {
        if let worker { registry.seen(worker.id, now: Date().timeIntervalSince1970) }
        do {
            switch request {
            case .hello:
                return .refused(Refusal(code: .badRequest, message: "hello may only be sent once, first"))
            case .claim(let claim):
                guard let worker else { return Self.workersOnly("claim") }
                let reply = try await self.claim(claim, for: worker)
                metrics.claimRequests += 1
                metrics.leasesGranted += reply.tasks.count
                registry.leased(reply.tasks.map(\.lease), to: worker.id)
                for task in reply.tasks { leaseExperiments[task.lease] = task.experiment }
                return .claimed(reply)
            case .heartbeat(let heartbeat):
                let lease = configuration.leaseSeconds
                let lost = try await store.perform { store in
                    try store.renew(heartbeat.leases, leaseSeconds: lease, now: Date().timeIntervalSince1970)
                }
                for lease in lost { leaseExperiments[lease] = nil }
                if let worker {
                    let gone = Set(lost)
                    registry.holds(heartbeat.leases.filter { !gone.contains($0) }, id: worker.id)
                }
                return .heartbeatAck(HeartbeatReply(lost: lost))
            case .complete(let report):
                let known = Set(report.results.map(\.lease)).filter { leaseExperiments[$0] != nil }
                let outcomes = try await store.perform { store in
                    let now = Date().timeIntervalSince1970
                    return try report.results.map { result in
                        let outcome = try store.complete(
                            result.lease, metrics: result.metrics,
                            provenance: result.provenance, now: now)
                        let accepted = outcome == .accepted
                        // Leases granted before a restart are not in memory; the store knows their experiment.
                        let experiment =
                            accepted && !known.contains(result.lease)
                            ? try store.experiment(ofTask: result.lease.taskID) : nil
                        return (ReportReply.Entry(lease: result.lease, accepted: accepted), experiment)
                    }
                }
                for ((entry, storedExperiment), result) in zip(outcomes, report.results) {
                    let experiment = leaseExperiments.removeValue(forKey: entry.lease) ?? storedExperiment
                    guard entry.accepted, let experiment else {
                        metrics.completionsRejected += 1
                        continue
                    }
                    metrics.completionsAccepted += 1
                    let previous = metrics.runSeconds[experiment] ?? (0, 0)
                    metrics.runSeconds[experiment] = (previous.sum + result.provenance.wallSeconds, previous.count + 1)
                }
                let entries = outcomes.map(\.0)
                if let worker {
                    registry.settled(entries.map(\.lease), accepted: entries.filter(\.accepted).count, by: worker.id)
                }
                wakeWaiters()
                return .reportAck(ReportReply(entries: entries))
            case .fail(let report):
                let limits = configuration.limits
                let entries = try await store.perform { store in
                    let now = Date().timeIntervalSince1970
                    return try report.failures.map { failure in
                        let outcome = try store.fail(
                            failure.lease, error: String(failure.error.prefix(4000)),
                            limits: limits, now: now)
                        return ReportReply.Entry(lease: failure.lease, accepted: outcome == .accepted)
                    }
                }
                metrics.failures += entries.count
                for entry in entries { leaseExperiments[entry.lease] = nil }
                if let worker { registry.settled(entries.map(\.lease), accepted: 0, by: worker.id) }
                wakeWaiters()
                return .reportAck(ReportReply(entries: entries))
            case .release(let report):
                let entries = try await store.perform { store in
                    let now = Date().timeIntervalSince1970
                    return try report.leases.map {
                        ReportReply.Entry(lease: $0, accepted: try store.release($0, now: now) == .accepted)
                    }
                }
                metrics.releases += entries.filter(\.accepted).count
                for entry in entries { leaseExperiments[entry.lease] = nil }
                if let worker { registry.settled(entries.map(\.lease), accepted: 0, by: worker.id) }
                wakeWaiters()
                return .reportAck(ReportReply(entries: entries))
            case .submit(let submit):
                let spec: SweepSpec
                do {
                    spec = try SweepSpecParser(file: submit.file).parse(submit.text)
                } catch {
                    return .refused(Refusal(code: .badRequest, message: "\(error)"))
                }
                let outcome = try await store.perform { try $0.submit(spec, source: submit.text) }
                logger.info(
                    "sweep submitted",
                    metadata: [
                        "sweep": "\(outcome.sweep)", "added": "\(outcome.added)", "existing": "\(outcome.existing)",
                    ])
                if outcome.added > 0 { wakeWaiters() }
                return .submitted(outcome)
            case .status(let status):
                let sweeps = try await store.perform { try $0.progress(sweep: status.sweep) }
                return .status(StatusReply(sweeps: sweeps))
            case .export(let export):
                let limit = min(max(1, export.limit), 5000)
                let (records, axes) = try await store.perform { store in
                    (
                        try store.tasks(ofSweep: export.sweep, afterID: export.afterTaskID, limit: limit),
                        try store.axes(ofSweep: export.sweep) ?? []
                    )
                }
                let next = records.count == limit ? records.last?.taskID : nil
                return .exportPage(ExportPage(records: records, nextAfterTaskID: next, axes: axes))
            case .control(let control):
                let changed = try await store.perform { store in
                    let now = Date().timeIntervalSince1970
                    switch control.action {
                    case .pause: return try store.pause(sweep: control.sweep, now: now)
                    case .resume: return try store.resume(sweep: control.sweep, now: now)
                    case .cancel: return try store.cancel(sweep: control.sweep, now: now)
                    case .requeue: return try store.requeue(sweep: control.sweep, states: Set(control.states), now: now)
                    }
                }
                logger.notice(
                    "sweep \(control.action.rawValue)",
                    metadata: [
                        "sweep": "\(control.sweep)", "tasks": "\(changed)",
                    ])
                wakeWaiters()
                return .controlled(ControlReply(sweep: control.sweep, action: control.action, changed: changed))
            case .workers:
                return .workers(WorkersReply(workers: registry.all))
            }
        } catch let error as StoreError {
            if error.isStorageFull {
                logger.error("store cannot take writes", metadata: ["error": "\(error)"])
                return .refused(Refusal(code: .storeUnavailable, message: error.message))
            }
            return .refused(
                Refusal(
                    code: error.message.hasPrefix("no sweep") ? .notFound : .badRequest,
                    message: error.message))
        } catch {
            logger.error("request failed", metadata: ["request": "\(request.kind)", "error": "\(error)"])
            return .refused(Refusal(code: .storeUnavailable, message: "\(error)"))
        }
    }

    /// Re-queues expired leases; returns how many expired.
    @discardableResult
    public func expireLeases() async throws -> Int {
        let limits = configuration.limits
        let leases = try await store.perform { try $0.expireLeases(now: Date().timeIntervalSince1970, limits: limits) }
        for lease in leases { leaseExperiments[lease] = nil }
        let expired = leases.count
        metrics.leaseExpiries += expired
        if expired > 0 {
            logger.notice("leases expired", metadata: ["count": "\(expired)"])
            wakeWaiters()
        }
        return expired
    }

    func workerConnected(_ info: WorkerInfo) {
        registry.connected(info, now: Date().timeIntervalSince1970)
    }

    func workerDisconnected(_ id: String) {
        registry.disconnected(id)
    }

    func peerRefused() {
        metrics.refusedPeers += 1
    }

    /// The Prometheus exposition of the coordinator's counters and the store's task counts.
    public func metricsText() async throws -> String {
        let counts = try await store.perform { try $0.taskCounts() }
        return metrics.prometheusText(taskCounts: counts, workers: registry.count)
    }

    /// A worker's fair share of the queue: no claim takes more than the pending tasks divided among the
    /// connected workers, so that a short sweep is not hoarded by the first worker to ask.
    private func fairShare(of requested: Int) async throws -> Int {
        let requested = min(max(1, requested), 1024)
        let connectedWorkers = registry.count
        guard requested > 1, connectedWorkers > 1 else { return requested }
        if knownDepth == nil || Date().timeIntervalSince(knownDepth!.at) > 0.25 {
            knownDepth = (try await store.perform { try $0.queueDepth() }, Date())
        }
        let pending = knownDepth!.depth.pending
        return max(1, min(requested, (pending + connectedWorkers - 1) / connectedWorkers))
    }

    private func claim(_ claim: ClaimRequest, for worker: WorkerInfo) async throws -> ClaimReply {
        let identity = WorkerIdentity(id: worker.id, host: worker.host)
        let limit = try await fairShare(of: claim.limit)
        let lease = configuration.leaseSeconds
        let deadline = Date().addingTimeInterval(min(max(0, claim.waitSeconds), 300))
        while true {
            let generation = workGeneration
            let (tasks, depth) = try await store.perform { store in
                let tasks = try store.claim(
                    limit: limit, worker: identity, capacity: worker.capacity,
                    leaseSeconds: lease, now: Date().timeIntervalSince1970)
                return (tasks, tasks.isEmpty ? try store.queueDepth() : nil)
            }
            if !tasks.isEmpty { return ClaimReply(tasks: tasks, idle: false) }
            let idle = depth?.isIdle ?? false
            if (idle && claim.returnWhenIdle) || Date() >= deadline || Task.isCancelled {
                return ClaimReply(tasks: [], idle: idle)
            }
            if generation == workGeneration { await waitForWork(until: deadline) }
        }
    }

    /// Waits until work may have appeared, the deadline passes, or the waiting request is cancelled (its
    /// connection closed, or the coordinator shutting down).
    private func waitForWork(until deadline: Date) async {
        nextWaiterID += 1
        let id = nextWaiterID
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard !Task.isCancelled else { return continuation.resume() }
                waiters[id] = continuation
                Task { [weak self] in
                    try? await Task.sleep(for: .seconds(max(0, deadline.timeIntervalSinceNow)))
                    await self?.wake(id)
                }
            }
        } onCancel: {
            Task { await self.wake(id) }
        }
    }

    private func wake(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func wakeWaiters() {
        workGeneration &+= 1
        guard !waiters.isEmpty else { return }
        let woken = waiters
        waiters.removeAll()
        for continuation in woken.values { continuation.resume() }
    }

    private static func workersOnly(_ what: String) -> Response {
        .refused(
            Refusal(code: .badRequest, message: "only workers may \(what); this connection said hello as a client"))
    }
}
