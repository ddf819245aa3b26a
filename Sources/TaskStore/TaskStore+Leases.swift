import Foundation
import SweepModel

extension TaskStore {
    /// Leases up to `limit` pending tasks that fit `free` to `worker`, highest priority first, oldest first
    /// within a priority; command tasks only when `allowsCommands`. The tasks are packed in that order into at
    /// most `rounds` fills of `free` (a task that does not fit the current fill starts the next).
    public func claim(
        limit: Int, worker: WorkerIdentity, free: WorkerResources = .unlimited, rounds: Int = .max,
        allowsCommands: Bool = true, leaseSeconds: Double, now: Double
    ) throws -> [LeasedTask] {
        guard free.fits(Requirements()) else { return [] }
        let select = try connection.statement(
            """
            SELECT id, key, experiment, params, lost_count + fail_count, min_cores, min_memory_mb, min_gpus
            FROM tasks
            WHERE state = 'pending' AND max(min_cores, 1) <= ? AND min_memory_mb <= ? AND min_gpus <= ?
                AND (? OR experiment NOT LIKE '\(CommandSpec.experimentPrefix)%')
            ORDER BY priority DESC, id LIMIT ?
            """)
        select.bind(
            .int(free.cores), .int(free.memoryMB), .int(free.gpus), .int(allowsCommands ? 1 : 0), .int(limit))
        var picked: [(Int64, String, String, String, Int, Requirements)] = []
        var fill = free
        var round = 1
        while try select.step() {
            let needs = Requirements(
                cores: Int(select.int(5)), memoryMB: Int(select.int(6)), gpus: Int(select.int(7)))
            if !fill.fits(needs) {
                round += 1
                if round > rounds { break }
                fill = free
            }
            fill = fill.taking(needs)
            picked.append((select.int(0), select.text(1), select.text(2), select.text(3), Int(select.int(4)), needs))
        }
        select.bind()
        let insertAttempt = try connection.statement(
            "INSERT INTO attempts(task_id, worker, host, claimed_at, secret) VALUES (?, ?, ?, ?, ?)")
        let lease = try connection.statement(
            """
            UPDATE tasks SET state = 'running', current_attempt = ?, lease_expires = ?, updated_at = ? WHERE id = ?
            """)
        var claimed: [LeasedTask] = []
        var commands: [String: CommandSpec] = [:]
        for (taskID, key, experiment, params, previous, needs) in picked {
            let command = try CommandSpec.isCommand(experiment) ? self.command(experiment, cache: &commands) : nil
            let secret = RandomSecret.make()
            try insertAttempt.bind(.integer(taskID), .text(worker.id), .text(worker.host), .real(now), .text(secret))
                .run()
            let attemptID = connection.lastInsertRowID
            try lease.bind(.integer(attemptID), .real(now + leaseSeconds), .real(now), .integer(taskID)).run()
            claimed.append(
                LeasedTask(
                    lease: Lease(taskID: taskID, attemptID: attemptID, secret: secret), key: key,
                    experiment: experiment,
                    parameters: try Parameters(canonicalJSON: params), previousAttempts: previous,
                    command: command, requirements: needs))
        }
        return claimed
    }

    /// The program of the command experiment `experiment`, read once per claim.
    private func command(_ experiment: String, cache: inout [String: CommandSpec]) throws -> CommandSpec {
        if let known = cache[experiment] { return known }
        let statement = try connection.statement("SELECT definition FROM commands WHERE experiment = ?")
        defer { statement.bind() }
        guard try statement.bind(.text(experiment)).step() else {
            throw StoreError.unreadableRow(taskID: 0, reason: "no stored command for experiment \(experiment)")
        }
        let command = try CommandSpec(definitionJSON: statement.text(0))
        cache[experiment] = command
        return command
    }

    /// Extends the leases that are still current and whose secret matches; returns the others (expired and
    /// re-queued, done, cancelled, or not this caller's). The attempts in `started`, among the renewed ones,
    /// are recorded as started at `startedAt` (their worker's clock) unless they already are.
    public func renew(
        _ leases: [Lease], started: [Int64: Double] = [:], leaseSeconds: Double, now: Double
    ) throws -> [Lease] {
        let renew = try connection.statement(
            """
            UPDATE tasks SET lease_expires = ?1 WHERE id = ?2 AND state = 'running' AND current_attempt = ?3
                AND EXISTS (SELECT 1 FROM attempts WHERE id = ?3 AND secret = ?4)
            """)
        let markStarted = try connection.statement(
            "UPDATE attempts SET started_at = ?1 WHERE id = ?2 AND started_at IS NULL")
        var lost: [Lease] = []
        for lease in leases {
            try renew.bind(
                .real(now + leaseSeconds), .integer(lease.taskID), .integer(lease.attemptID), .text(lease.secret)
            ).run()
            if connection.changes == 0 {
                lost.append(lease)
            } else if let startedAt = started[lease.attemptID] {
                try markStarted.bind(.real(startedAt), .integer(lease.attemptID)).run()
            }
        }
        return lost
    }

    /// Gives a lease back without penalty (a worker shutting down): the task is pending again at once.
    public func release(_ lease: Lease, now: Double) throws -> ReportOutcome {
        guard case .current = try leaseStatus(lease) else { return .stale }
        try endAttempt(lease, outcome: .released, detail: nil, metrics: nil, now: now, onlyIfRunning: false)
        try connection.statement(
            """
            UPDATE tasks SET state = \(Schema.requeueState), lease_expires = NULL, current_attempt = NULL,
                updated_at = ?
            WHERE id = ?
            """
        ).bind(.real(now), .integer(lease.taskID)).run()
        return .accepted
    }

    /// Re-queues every task whose lease ran out by `now`; a task that lost too many leases ends `failed`.
    /// Returns the leases that expired.
    @discardableResult
    public func expireLeases(now: Double, limits: RetryLimits) throws -> [Lease] {
        let select = try connection.statement(
            """
            SELECT t.id, t.current_attempt, a.host FROM tasks t LEFT JOIN attempts a ON a.id = t.current_attempt
            WHERE t.state = 'running' AND t.lease_expires <= ?
            """)
        select.bind(.real(now))
        var expired: [(Lease, String)] = []
        while try select.step() {
            expired.append((Lease(taskID: select.int(0), attemptID: select.int(1)), select.text(2)))
        }
        let requeue = try connection.statement(
            """
            UPDATE tasks SET lost_count = lost_count + 1, lease_expires = NULL, current_attempt = NULL,
                state = CASE WHEN lost_count + 1 >= ? THEN 'failed' ELSE \(Schema.requeueState) END,
                error = CASE WHEN lost_count + 1 >= ? THEN ? ELSE error END, updated_at = ?
            WHERE id = ?
            """)
        for (lease, host) in expired {
            try endAttempt(
                lease, outcome: .lost, detail: "lease expired", metrics: nil, now: now,
                onlyIfRunning: false)
            let message = "lease lost \(limits.maxLostLeases) times (last holder on \(host))"
            try requeue.bind(
                .int(limits.maxLostLeases), .int(limits.maxLostLeases), .text(message), .real(now),
                .integer(lease.taskID)
            ).run()
        }
        return expired.map(\.0)
    }

    /// Where a reported lease stands: `unknown` also when its secret is not the attempt's, so that nobody but
    /// the lease's holder can report on it.
    enum LeaseStatus {
        case current, alreadyAccepted, notCurrent, unknown
    }

    func leaseStatus(_ lease: Lease) throws -> LeaseStatus {
        let statement = try connection.statement(
            """
            SELECT t.state, t.current_attempt, (SELECT attempt_id FROM results WHERE task_id = t.id),
                   EXISTS(SELECT 1 FROM attempts WHERE id = ?2 AND task_id = t.id AND secret = ?3)
            FROM tasks t WHERE t.id = ?1
            """)
        statement.bind(.integer(lease.taskID), .integer(lease.attemptID), .text(lease.secret))
        guard try statement.step() else { return .unknown }
        defer { statement.bind() }
        if statement.int(3) == 0 { return .unknown }
        if statement.optionalInt(2) == lease.attemptID { return .alreadyAccepted }
        if statement.text(0) == "running", statement.optionalInt(1) == lease.attemptID { return .current }
        return .notCurrent
    }

    func endAttempt(
        _ lease: Lease, outcome: AttemptOutcome, detail: String?, metrics: String?, now: Double, onlyIfRunning: Bool
    ) throws {
        let statement = try connection.statement(
            """
            UPDATE attempts SET
                outcome = CASE WHEN ?5 = 1 AND outcome != \(AttemptOutcome.running.sql) THEN outcome ELSE ?1 END,
                detail = coalesce(?2, detail), metrics = coalesce(?3, metrics), ended_at = coalesce(ended_at, ?4)
            WHERE id = ?6
            """)
        try statement.bind(
            .text(outcome.rawValue), detail.map { .text($0) }, metrics.map { .text($0) }, .real(now),
            .int(onlyIfRunning ? 1 : 0), .integer(lease.attemptID)
        ).run()
    }
}
