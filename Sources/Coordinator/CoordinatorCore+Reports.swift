import SweepModel
import TaskStore
import WireProtocol

extension CoordinatorCore {
    /// Extends the worker's current leases, and records which of them it has started; answers with those it no
    /// longer holds (expired, finished, cancelled).
    func renew(_ heartbeat: HeartbeatRequest, from worker: WorkerInfo) async throws -> HeartbeatReply {
        let lease = configuration.leaseSeconds
        let now = clock.now()
        let started = Dictionary(
            heartbeat.running.map { ($0.attemptID, $0.startedAt) }, uniquingKeysWith: { first, _ in first })
        let lost = try await store.perform {
            try $0.renew(heartbeat.leases, started: started, leaseSeconds: lease, now: now)
        }
        let gone = Set(lost)
        let held = heartbeat.leases.filter { !gone.contains($0) }
        registry.holds(held, running: heartbeat.running, free: heartbeat.free, id: worker.id)
        return HeartbeatReply(lost: lost)
    }

    /// Stores each result whose attempt is still current; a late or duplicate one goes to the attempt history
    /// only (the store fences it), and a re-sent report of the accepted attempt is acknowledged again.
    func complete(_ report: CompleteRequest, from worker: WorkerInfo) async throws -> ReportReply {
        let now = clock.now()
        let outcomes = try await store.perform { store in
            try report.results.map { result in
                let outcome = try store.complete(
                    result.lease, metrics: result.metrics, provenance: result.provenance,
                    logs: AttemptLogTails(stdout: result.stdoutTail, stderr: result.stderrTail), now: now)
                let experiment = outcome == .accepted ? try store.experiment(ofTask: result.lease.taskID) : nil
                return (outcome, experiment)
            }
        }
        var accepted: [AcceptedRun] = []
        for ((outcome, experiment), result) in zip(outcomes, report.results) where outcome == .accepted {
            accepted.append(AcceptedRun(experiment: experiment ?? "", seconds: result.provenance.wallSeconds))
        }
        metrics.record(.completed(accepted: accepted, rejected: report.results.count - accepted.count))
        return settle(zip(report.results, outcomes).map { ($0.lease, $1.0) }, by: worker, accepted: accepted.count)
    }

    /// Records solver failures of current attempts; each task is retried until its failure budget is spent.
    func fail(_ report: FailRequest, from worker: WorkerInfo) async throws -> ReportReply {
        let limits = configuration.limits
        let now = clock.now()
        let outcomes = try await store.perform { store in
            try report.failures.map { failure in
                try store.fail(
                    failure.lease, error: String(failure.error.prefix(4000)),
                    logs: AttemptLogTails(stdout: failure.stdoutTail, stderr: failure.stderrTail), limits: limits,
                    now: now)
            }
        }
        metrics.record(.failed(report.failures.count))
        return settle(zip(report.failures, outcomes).map { ($0.lease, $1) }, by: worker, accepted: 0)
    }

    /// Gives leases back without penalty (a worker stopping): their tasks are pending again at once.
    func release(_ report: ReleaseRequest, from worker: WorkerInfo) async throws -> ReportReply {
        let now = clock.now()
        let outcomes = try await store.perform { store in try report.leases.map { try store.release($0, now: now) } }
        metrics.record(.released(outcomes.filter { $0 == .accepted }.count))
        return settle(zip(report.leases, outcomes).map { ($0, $1) }, by: worker, accepted: 0)
    }

    /// The reply to a report: each lease's outcome; the worker holds none of them any more, and claims waiting
    /// for work are woken, since the queue changed.
    private func settle(_ outcomes: [(Lease, ReportOutcome)], by worker: WorkerInfo, accepted: Int) -> ReportReply {
        let entries = outcomes.map { ReportReply.Entry(lease: $0.0, accepted: $0.1 == .accepted) }
        registry.settled(entries.map(\.lease), accepted: accepted, by: worker.id)
        wakeWaiters()
        refineFinishedRounds(afterReport: true)
        return ReportReply(entries: entries)
    }
}
