import Foundation
import SweepModel

extension TaskStore {
    /// Stores the result of the lease's attempt if that attempt is current, and only then.
    ///
    /// A report for an attempt that was already accepted is answered `accepted` again without change, so a
    /// worker may re-send until it hears back. Any other late or duplicate report goes to the attempt's
    /// history and never touches the accepted result.
    public func complete(
        _ lease: Lease, metrics: Metrics, provenance: Provenance, logs: AttemptLogTails = AttemptLogTails(),
        now: Double
    ) throws
        -> ReportOutcome
    {
        try keep(logs, of: lease)
        switch try leaseStatus(lease) {
        case .unknown: return .unknown
        case .alreadyAccepted: return .accepted
        case .notCurrent:
            try endAttempt(
                lease, outcome: .stale, detail: "result arrived after the lease was lost",
                metrics: metrics.jsonText, now: now, onlyIfRunning: false)
            return .stale
        case .current:
            try connection.statement(
                """
                INSERT INTO results(task_id, attempt_id, metrics, host, cpu_model, threads, version, started_at,
                                    ended_at, wall_seconds, peak_rss_bytes, accepted_at, kernels, task_folder)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            )
            .bind(
                .integer(lease.taskID), .integer(lease.attemptID), .text(metrics.jsonText),
                .text(provenance.host), .text(provenance.cpuModel), .int(provenance.threads),
                .text(provenance.version), .real(provenance.startedAt), .real(provenance.endedAt),
                .real(provenance.wallSeconds), .int(provenance.peakRSSBytes), .real(now), .text(provenance.kernels),
                .text(provenance.taskFolder)
            ).run()
            try connection.statement(
                """
                UPDATE tasks SET state = 'done', lease_expires = NULL, error = NULL, updated_at = ? WHERE id = ?
                """
            ).bind(.real(now), .integer(lease.taskID)).run()
            try endAttempt(
                lease, outcome: .accepted, detail: nil, metrics: metrics.jsonText, now: now,
                onlyIfRunning: false)
            return .accepted
        }
    }

    /// Records a solver failure of the lease's attempt; the task is retried until `limits.maxFailures`.
    public func fail(
        _ lease: Lease, error message: String, logs: AttemptLogTails = AttemptLogTails(), limits: RetryLimits,
        now: Double
    ) throws -> ReportOutcome {
        try keep(logs, of: lease)
        switch try leaseStatus(lease) {
        case .unknown: return .unknown
        case .alreadyAccepted: return .stale
        case .notCurrent:
            try endAttempt(
                lease, outcome: .staleFailure, detail: message, metrics: nil, now: now,
                onlyIfRunning: true)
            return .stale
        case .current:
            try endAttempt(lease, outcome: .failed, detail: message, metrics: nil, now: now, onlyIfRunning: false)
            try connection.statement(
                """
                UPDATE tasks SET fail_count = fail_count + 1, error = ?, lease_expires = NULL, current_attempt = NULL,
                    state = CASE WHEN fail_count + 1 >= ? THEN 'failed' ELSE \(Schema.requeueState) END, updated_at = ?
                WHERE id = ?
                """
            ).bind(.text(message), .int(limits.maxFailures), .real(now), .integer(lease.taskID)).run()
            return .accepted
        }
    }

    /// Stores what the attempt of `lease` wrote, each tail clipped to its limit, unless the lease is unknown
    /// (its secret does not match) or there is nothing to keep.
    private func keep(_ logs: AttemptLogTails, of lease: Lease) throws {
        guard !logs.isEmpty, try leaseStatus(lease) != .unknown else { return }
        try connection.statement("UPDATE attempts SET stdout_tail = ?, stderr_tail = ? WHERE id = ?")
            .bind(
                .text(AttemptLogTails.clipped(logs.stdout)), .text(AttemptLogTails.clipped(logs.stderr)),
                .integer(lease.attemptID)
            ).run()
    }
}
