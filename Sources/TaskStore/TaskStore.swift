import Foundation
import SweepModel

/// The SQLite task store: sweeps, content-addressed tasks, leases with attempt fencing, and results.
///
/// One `TaskStore` owns one connection and is used from one thread at a time. Mutating methods expect to
/// run inside `write`, which the coordinator uses to group many operations into one commit.
public final class TaskStore {
    public let connection: SQLiteConnection
    private let decoder = JSONDecoder()
    private let encoder = JSONEncoder()

    public init(path: String, options: StoreOptions = StoreOptions(), readOnly: Bool = false) throws {
        connection = try SQLiteConnection(path: path, readOnly: readOnly)
        if readOnly {
            try checkSchema()
            return
        }
        try connection.execute("PRAGMA journal_mode = WAL")
        try connection.execute("PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL")")
        try connection.execute("PRAGMA foreign_keys = ON")
        try migrate()
    }

    private func migrate() throws {
        let current = try userVersion()
        guard current < Schema.version else {
            if current > Schema.version {
                throw StoreError(
                    "database \(connection.path) has schema version \(current), newer than this "
                        + "infosweep understands (\(Schema.version)); upgrade infosweep")
            }
            return
        }
        try connection.transaction {
            try connection.execute(Schema.statements)
            try connection.execute("PRAGMA user_version = \(Schema.version)")
        }
    }

    private func checkSchema() throws {
        let version = try userVersion()
        guard version == Schema.version else {
            throw StoreError("\(connection.path) is not an infosweep database (schema version \(version))")
        }
    }

    private func userVersion() throws -> Int {
        let statement = try connection.statement("PRAGMA user_version")
        _ = try statement.step()
        defer { statement.bind() }
        return Int(statement.int(0))
    }

    /// Runs `body` in one write transaction.
    public func write<T>(_ body: (TaskStore) throws -> T) throws -> T {
        try connection.transaction { try body(self) }
    }

    /// Runs `body` inside a savepoint of the current transaction: an error undoes only its own changes.
    public func savepoint<T>(_ body: (TaskStore) throws -> T) throws -> T {
        try connection.statement("SAVEPOINT job").run()
        do {
            let value = try body(self)
            try connection.statement("RELEASE job").run()
            return value
        } catch {
            try? connection.statement("ROLLBACK TO job").run()
            try? connection.statement("RELEASE job").run()
            throw error
        }
    }

    // MARK: - Sweeps

    /// Adds the sweep's tasks that the store does not hold yet and links all of them to the sweep.
    public func submit(
        _ spec: SweepSpec, source: String, now: Double = Date().timeIntervalSince1970
    ) throws
        -> SubmitOutcome
    {
        let axesJSON = String(decoding: try encoder.encode(spec.axes), as: UTF8.self)
        let sweepID: Int64
        let find = try connection.statement("SELECT id, experiment, state FROM sweeps WHERE name = ?")
        var sweepState = SweepState.active
        if try find.bind(.text(spec.name)).step() {
            sweepID = find.int(0)
            let experiment = find.text(1)
            sweepState = SweepState(rawValue: find.text(2)) ?? .active
            find.bind()
            guard experiment == spec.experiment else {
                throw StoreError(
                    "sweep '\(spec.name)' already exists with experiment '\(experiment)', not "
                        + "'\(spec.experiment)'; give the new sweep another name")
            }
            guard sweepState != .cancelled else {
                throw StoreError("sweep '\(spec.name)' is cancelled; resume it before submitting to it again")
            }
            try connection.statement(
                """
                UPDATE sweeps SET axes = ?, source = ?, priority = ?, min_cores = ?, min_memory_mb = ?, updated_at = ?
                WHERE id = ?
                """
            )
            .bind(
                .text(axesJSON), .text(source), .int(spec.priority), .int(spec.requirements.cores),
                .int(spec.requirements.memoryMB), .real(now), .integer(sweepID)
            ).run()
        } else {
            find.bind()
            try connection.statement(
                """
                INSERT INTO sweeps(name, experiment, axes, source, priority, min_cores, min_memory_mb, created_at,
                                   updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            )
            .bind(
                .text(spec.name), .text(spec.experiment), .text(axesJSON), .text(source), .int(spec.priority),
                .int(spec.requirements.cores), .int(spec.requirements.memoryMB), .real(now), .real(now)
            ).run()
            sweepID = connection.lastInsertRowID
        }

        let insertTask = try connection.statement(
            """
            INSERT INTO tasks(key, experiment, params, priority, state, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING
            """)
        let newState = sweepState == .paused ? TaskState.held : .pending
        let findTask = try connection.statement("SELECT id FROM tasks WHERE key = ?")
        let link = try connection.statement("INSERT OR IGNORE INTO sweep_tasks(sweep_id, task_id) VALUES (?, ?)")
        var added = 0
        var existing = 0
        for task in spec.expand() {
            try insertTask.bind(
                .text(task.key), .text(task.experiment), .text(task.parameters.canonicalJSON),
                .int(spec.priority), .text(newState.rawValue), .real(now), .real(now)
            ).run()
            let taskID: Int64
            if connection.changes == 1 {
                added += 1
                taskID = connection.lastInsertRowID
            } else {
                existing += 1
                guard try findTask.bind(.text(task.key)).step() else { throw StoreError("task \(task.key) vanished") }
                taskID = findTask.int(0)
                findTask.bind()
            }
            try link.bind(.integer(sweepID), .integer(taskID)).run()
        }
        try connection.statement(
            """
            UPDATE tasks SET priority = max(priority, ?1), min_cores = max(min_cores, ?2),
                min_memory_mb = max(min_memory_mb, ?3)
            WHERE (priority < ?1 OR min_cores < ?2 OR min_memory_mb < ?3)
                AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?4)
            """
        ).bind(
            .int(spec.priority), .int(spec.requirements.cores), .int(spec.requirements.memoryMB),
            .integer(sweepID)
        ).run()
        if sweepState == .active {
            try connection.statement(
                """
                UPDATE tasks SET state = 'pending' WHERE state = 'held'
                AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?)
                """
            ).bind(.integer(sweepID)).run()
        }
        return SubmitOutcome(sweep: spec.name, added: added, existing: existing)
    }

    /// The names of all sweeps, oldest first.
    public func sweepNames() throws -> [String] {
        let statement = try connection.statement("SELECT name FROM sweeps ORDER BY id")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    /// The sweep's axes as last submitted, or nil when there is no such sweep.
    public func axes(ofSweep name: String) throws -> [Axis]? {
        let statement = try connection.statement("SELECT axes FROM sweeps WHERE name = ?")
        guard try statement.bind(.text(name)).step() else { return nil }
        let text = statement.text(0)
        statement.bind()
        return try decoder.decode([Axis].self, from: Data(text.utf8))
    }

    // MARK: - Leases

    /// Leases up to `limit` pending tasks whose requirements `capacity` covers to `worker`, highest priority
    /// first, oldest first within a priority.
    public func claim(
        limit: Int, worker: WorkerIdentity, capacity: Requirements = Requirements(cores: .max, memoryMB: .max),
        leaseSeconds: Double, now: Double
    ) throws -> [LeasedTask] {
        let select = try connection.statement(
            """
            SELECT id, key, experiment, params, lost_count + fail_count FROM tasks
            WHERE state = 'pending' AND min_cores <= ? AND min_memory_mb <= ? ORDER BY priority DESC, id LIMIT ?
            """)
        select.bind(.int(capacity.cores), .int(capacity.memoryMB), .int(limit))
        var picked: [(Int64, String, String, String, Int)] = []
        while try select.step() {
            picked.append((select.int(0), select.text(1), select.text(2), select.text(3), Int(select.int(4))))
        }
        let insertAttempt = try connection.statement(
            "INSERT INTO attempts(task_id, worker, host, claimed_at) VALUES (?, ?, ?, ?)")
        let lease = try connection.statement(
            """
            UPDATE tasks SET state = 'running', current_attempt = ?, lease_expires = ?, updated_at = ? WHERE id = ?
            """)
        var claimed: [LeasedTask] = []
        for (taskID, key, experiment, params, previous) in picked {
            try insertAttempt.bind(.integer(taskID), .text(worker.id), .text(worker.host), .real(now)).run()
            let attemptID = connection.lastInsertRowID
            try lease.bind(.integer(attemptID), .real(now + leaseSeconds), .real(now), .integer(taskID)).run()
            claimed.append(
                LeasedTask(
                    lease: Lease(taskID: taskID, attemptID: attemptID), key: key, experiment: experiment,
                    parameters: try Parameters(canonicalJSON: params), previousAttempts: previous))
        }
        return claimed
    }

    /// Extends the leases that are still current; returns those that are not (expired and re-queued, or done).
    public func renew(_ leases: [Lease], leaseSeconds: Double, now: Double) throws -> [Lease] {
        let renew = try connection.statement(
            """
            UPDATE tasks SET lease_expires = ? WHERE id = ? AND state = 'running' AND current_attempt = ?
            """)
        var lost: [Lease] = []
        for lease in leases {
            try renew.bind(.real(now + leaseSeconds), .integer(lease.taskID), .integer(lease.attemptID)).run()
            if connection.changes == 0 { lost.append(lease) }
        }
        return lost
    }

    /// Stores the result of the lease's attempt if that attempt is current, and only then.
    ///
    /// A report for an attempt that was already accepted is answered `accepted` again without change, so a
    /// worker may re-send until it hears back. Any other late or duplicate report goes to the attempt's
    /// history and never touches the accepted result.
    public func complete(
        _ lease: Lease, metrics: Metrics, provenance: Provenance, now: Double
    ) throws
        -> ReportOutcome
    {
        switch try leaseStatus(lease) {
        case .unknown: return .unknown
        case .alreadyAccepted: return .accepted
        case .notCurrent:
            try endAttempt(
                lease, outcome: "stale", detail: "result arrived after the lease was lost",
                metrics: metrics.jsonText, now: now, onlyIfRunning: false)
            return .stale
        case .current:
            try connection.statement(
                """
                INSERT INTO results(task_id, attempt_id, metrics, host, cpu_model, threads, version, started_at,
                                    ended_at, wall_seconds, peak_rss_bytes, accepted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            )
            .bind(
                .integer(lease.taskID), .integer(lease.attemptID), .text(metrics.jsonText),
                .text(provenance.host), .text(provenance.cpuModel), .int(provenance.threads),
                .text(provenance.version), .real(provenance.startedAt), .real(provenance.endedAt),
                .real(provenance.wallSeconds), .int(provenance.peakRSSBytes), .real(now)
            ).run()
            try connection.statement(
                """
                UPDATE tasks SET state = 'done', lease_expires = NULL, error = NULL, updated_at = ? WHERE id = ?
                """
            ).bind(.real(now), .integer(lease.taskID)).run()
            try endAttempt(
                lease, outcome: "accepted", detail: nil, metrics: metrics.jsonText, now: now,
                onlyIfRunning: false)
            return .accepted
        }
    }

    /// Records a solver failure of the lease's attempt; the task is retried until `limits.maxFailures`.
    public func fail(_ lease: Lease, error message: String, limits: RetryLimits, now: Double) throws -> ReportOutcome {
        switch try leaseStatus(lease) {
        case .unknown: return .unknown
        case .alreadyAccepted: return .stale
        case .notCurrent:
            try endAttempt(
                lease, outcome: "stale-failure", detail: message, metrics: nil, now: now,
                onlyIfRunning: true)
            return .stale
        case .current:
            try endAttempt(lease, outcome: "failed", detail: message, metrics: nil, now: now, onlyIfRunning: false)
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

    /// Gives a lease back without penalty (a worker shutting down): the task is pending again at once.
    public func release(_ lease: Lease, now: Double) throws -> ReportOutcome {
        guard case .current = try leaseStatus(lease) else { return .stale }
        try endAttempt(lease, outcome: "released", detail: nil, metrics: nil, now: now, onlyIfRunning: false)
        try connection.statement(
            """
            UPDATE tasks SET state = \(Schema.requeueState), lease_expires = NULL, current_attempt = NULL,
                updated_at = ?
            WHERE id = ?
            """
        ).bind(.real(now), .integer(lease.taskID)).run()
        return .accepted
    }

    /// Re-queues every task whose lease ran out before `now`; a task that lost too many leases ends `failed`.
    /// Returns the leases that expired.
    @discardableResult
    public func expireLeases(now: Double, limits: RetryLimits) throws -> [Lease] {
        let select = try connection.statement(
            """
            SELECT t.id, t.current_attempt, a.host FROM tasks t LEFT JOIN attempts a ON a.id = t.current_attempt
            WHERE t.state = 'running' AND t.lease_expires < ?
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
                lease, outcome: "lost", detail: "lease expired", metrics: nil, now: now,
                onlyIfRunning: false)
            let message = "lease lost \(limits.maxLostLeases) times (last holder on \(host))"
            try requeue.bind(
                .int(limits.maxLostLeases), .int(limits.maxLostLeases), .text(message), .real(now),
                .integer(lease.taskID)
            ).run()
        }
        return expired.map(\.0)
    }

    /// Puts a sweep's tasks in the given states (failed, cancelled or done) back in the queue with fresh retry
    /// counts; a done task loses its accepted result. Returns how many tasks were re-queued.
    public func requeue(
        sweep: String, states: Set<TaskState>, now: Double = Date().timeIntervalSince1970
    ) throws
        -> Int
    {
        let sweepID = try requireSweep(sweep)
        let requeueable = states.intersection([.failed, .cancelled, .done]).map { "'\($0.rawValue)'" }
            .sorted().joined(separator: ",")
        guard !requeueable.isEmpty else {
            throw StoreError("only failed, cancelled or done tasks can be re-queued")
        }
        if states.contains(.done) {
            try connection.statement(
                """
                DELETE FROM results WHERE task_id IN (SELECT id FROM tasks WHERE state = 'done'
                    AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?))
                """
            ).bind(.integer(sweepID)).run()
            try connection.statement(
                """
                UPDATE attempts SET outcome = 'superseded' WHERE outcome = 'accepted' AND task_id IN (
                    SELECT id FROM tasks WHERE state = 'done'
                    AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?))
                """
            ).bind(.integer(sweepID)).run()
        }
        try connection.statement(
            """
            UPDATE tasks SET state = \(Schema.requeueState), lost_count = 0, fail_count = 0, error = NULL,
                current_attempt = NULL, lease_expires = NULL, updated_at = ?
            WHERE state IN (\(requeueable)) AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?)
            """
        ).bind(.real(now), .integer(sweepID)).run()
        return connection.changes
    }

    /// Stops handing out the sweep's tasks (tasks shared with an active sweep still run). Running tasks finish.
    public func pause(sweep: String, now: Double = Date().timeIntervalSince1970) throws -> Int {
        let sweepID = try setSweepState(sweep, .paused, now: now)
        try connection.statement(
            """
            UPDATE tasks SET state = \(Schema.requeueState), updated_at = ?
            WHERE state = 'pending' AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?)
            """
        ).bind(.real(now), .integer(sweepID)).run()
        return connection.changes
    }

    /// Lets a paused or cancelled sweep's tasks run again.
    public func resume(sweep: String, now: Double = Date().timeIntervalSince1970) throws -> Int {
        let sweepID = try setSweepState(sweep, .active, now: now)
        try connection.statement(
            """
            UPDATE tasks SET state = 'pending', updated_at = ?
            WHERE state IN ('held', 'cancelled') AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?)
            """
        ).bind(.real(now), .integer(sweepID)).run()
        return connection.changes
    }

    /// Cancels the sweep's unfinished tasks that no other active sweep needs; their leases end at once, so the
    /// workers running them hear at their next heartbeat that the lease is lost.
    public func cancel(sweep: String, now: Double = Date().timeIntervalSince1970) throws -> Int {
        let sweepID = try setSweepState(sweep, .cancelled, now: now)
        let ownedOnly = """
            id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?1) AND NOT EXISTS (
                SELECT 1 FROM sweep_tasks ot JOIN sweeps os ON os.id = ot.sweep_id
                WHERE ot.task_id = tasks.id AND os.state = 'active')
            """
        try connection.statement(
            """
            UPDATE attempts SET outcome = 'cancelled', ended_at = ?2 WHERE id IN (
                SELECT current_attempt FROM tasks WHERE state = 'running' AND \(ownedOnly))
            """
        ).bind(.integer(sweepID), .real(now)).run()
        try connection.statement(
            """
            UPDATE tasks SET state = 'cancelled', current_attempt = NULL, lease_expires = NULL, updated_at = ?2
            WHERE state IN ('pending', 'held', 'running') AND \(ownedOnly)
            """
        ).bind(.integer(sweepID), .real(now)).run()
        return connection.changes
    }

    private func setSweepState(_ sweep: String, _ state: SweepState, now: Double) throws -> Int64 {
        let sweepID = try requireSweep(sweep)
        try connection.statement("UPDATE sweeps SET state = ?, updated_at = ? WHERE id = ?")
            .bind(.text(state.rawValue), .real(now), .integer(sweepID)).run()
        return sweepID
    }

    private func requireSweep(_ sweep: String) throws -> Int64 {
        guard let sweepID = try sweepID(sweep) else {
            throw StoreError("no sweep named '\(sweep)' (sweeps: \(try sweepNames().joined(separator: ", ")))")
        }
        return sweepID
    }

    // MARK: - Reading

    /// Pending and running tasks over the whole store.
    public func queueDepth() throws -> QueueDepth {
        let statement = try connection.statement(
            """
            SELECT (SELECT count(*) FROM tasks WHERE state = 'pending'),
                   (SELECT count(*) FROM tasks WHERE state = 'running')
            """)
        _ = try statement.step()
        defer { statement.bind() }
        return QueueDepth(pending: Int(statement.int(0)), running: Int(statement.int(1)))
    }

    /// Task counts by state per sweep, with throughput over the last `window` seconds and an ETA.
    public func progress(
        sweep: String? = nil, window: Double = 60, now: Double = Date().timeIntervalSince1970
    )
        throws -> [SweepProgress]
    {
        if let sweep, try sweepID(sweep) == nil {
            throw StoreError("no sweep named '\(sweep)' (sweeps: \(try sweepNames().joined(separator: ", ")))")
        }
        let statement = try connection.statement(
            """
            SELECT s.name, s.experiment, t.state, count(t.id), s.state, s.priority FROM sweeps s
            LEFT JOIN sweep_tasks st ON st.sweep_id = s.id LEFT JOIN tasks t ON t.id = st.task_id
            WHERE ?1 IS NULL OR s.name = ?1 GROUP BY s.id, t.state ORDER BY s.id
            """)
        statement.bind(sweep.map { .text($0) })
        var reports: [SweepProgress] = []
        while try statement.step() {
            let name = statement.text(0)
            if reports.last?.name != name {
                reports.append(
                    SweepProgress(
                        name: name, experiment: statement.text(1),
                        state: SweepState(rawValue: statement.text(4)) ?? .active,
                        priority: Int(statement.int(5))))
            }
            if let taskState = statement.optionalText(2).flatMap(TaskState.init(rawValue:)) {
                reports[reports.count - 1].add(Int(statement.int(3)), in: taskState)
            }
        }
        let recent = try connection.statement(
            """
            SELECT count(*), min(r.accepted_at) FROM results r JOIN sweep_tasks st ON st.task_id = r.task_id
            JOIN sweeps s ON s.id = st.sweep_id WHERE s.name = ? AND r.accepted_at >= ?
            """)
        for index in reports.indices {
            _ = try recent.bind(.text(reports[index].name), .real(now - window)).step()
            let count = Double(recent.int(0))
            let since = recent.optionalDouble(1)
            recent.bind()
            guard count > 0, let since else { continue }
            let span = max(1, now - since)
            reports[index].throughput = count / span
            let remaining = Double(reports[index].pending + reports[index].running + reports[index].held)
            reports[index].etaSeconds = remaining / reports[index].throughput
        }
        return reports
    }

    /// Up to `limit` tasks of the sweep with ids above `afterID`, in id order, with their results.
    public func tasks(ofSweep sweep: String, afterID: Int64 = 0, limit: Int = 1000) throws -> [TaskRecord] {
        guard let sweepID = try sweepID(sweep) else {
            throw StoreError("no sweep named '\(sweep)' (sweeps: \(try sweepNames().joined(separator: ", ")))")
        }
        let statement = try connection.statement(
            """
            SELECT t.id, t.key, t.experiment, t.params, t.state, t.lost_count + t.fail_count, t.error,
                   r.metrics, r.host, r.cpu_model, r.threads, r.version, r.started_at, r.ended_at, r.wall_seconds,
                   r.peak_rss_bytes, (SELECT count(*) FROM attempts a WHERE a.task_id = t.id)
            FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id LEFT JOIN results r ON r.task_id = t.id
            WHERE st.sweep_id = ? AND st.task_id > ? ORDER BY st.task_id LIMIT ?
            """)
        statement.bind(.integer(sweepID), .integer(afterID), .int(limit))
        var records: [TaskRecord] = []
        while try statement.step() {
            var record = TaskRecord(
                taskID: statement.int(0), key: statement.text(1), experiment: statement.text(2),
                parameters: try Parameters(canonicalJSON: statement.text(3)),
                state: TaskState(rawValue: statement.text(4)) ?? .pending, attempts: Int(statement.int(16)),
                error: statement.optionalText(6))
            if let metrics = statement.optionalText(7) {
                record.metrics = try Metrics(jsonText: metrics)
                record.provenance = Provenance(
                    host: statement.text(8), cpuModel: statement.text(9), threads: Int(statement.int(10)),
                    version: statement.text(11), startedAt: statement.double(12), endedAt: statement.double(13),
                    wallSeconds: statement.double(14), peakRSSBytes: Int(statement.int(15)))
            }
            records.append(record)
        }
        return records
    }

    /// Calls `body` with every task of the sweep in task order: its id, parameter JSON, state and accepted
    /// metrics JSON, in one streaming statement (for aggregations over millions of results).
    public func forEachOutcome(
        ofSweep sweep: String,
        _ body: (
            _ taskID: Int64, _ parameters: UnsafeBufferPointer<UInt8>, _ state: TaskState,
            _ metrics: UnsafeBufferPointer<UInt8>?
        ) throws -> Void
    ) throws {
        guard let sweepID = try sweepID(sweep) else {
            throw StoreError("no sweep named '\(sweep)' (sweeps: \(try sweepNames().joined(separator: ", ")))")
        }
        let statement = try connection.statement(
            """
            SELECT t.id, t.params, t.state, r.metrics FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id
            LEFT JOIN results r ON r.task_id = t.id WHERE st.sweep_id = ? ORDER BY st.task_id
            """)
        defer { statement.bind() }
        statement.bind(.integer(sweepID))
        while try statement.step() {
            try body(statement.int(0), statement.bytes(1), Self.state(statement.bytes(2)),
                     statement.isNull(3) ? nil : statement.bytes(3))
        }
    }

    private static let stateNames = TaskState.allCases.map { (Array($0.rawValue.utf8), $0) }

    private static func state(_ bytes: UnsafeBufferPointer<UInt8>) -> TaskState {
        stateNames.first { $0.0.elementsEqual(bytes) }?.1 ?? .pending
    }

    /// The experiment of a task, by id.
    public func experiment(ofTask taskID: Int64) throws -> String? {
        let statement = try connection.statement("SELECT experiment FROM tasks WHERE id = ?")
        guard try statement.bind(.integer(taskID)).step() else { return nil }
        defer { statement.bind() }
        return statement.text(0)
    }

    /// Tasks in the whole store by state.
    public func taskCounts() throws -> [TaskState: Int] {
        let statement = try connection.statement("SELECT state, count(*) FROM tasks GROUP BY state")
        var counts: [TaskState: Int] = [:]
        while try statement.step() {
            if let state = TaskState(rawValue: statement.text(0)) { counts[state] = Int(statement.int(1)) }
        }
        return counts
    }

    /// The metric names found in the sweep's results (sampled: the first `sample` results), sorted.
    public func metricNames(ofSweep sweep: String, sample: Int = 1000) throws -> [String] {
        guard let sweepID = try sweepID(sweep) else { throw StoreError("no sweep named '\(sweep)'") }
        let statement = try connection.statement(
            """
            SELECT r.task_id, r.metrics FROM sweep_tasks st JOIN results r ON r.task_id = st.task_id
            WHERE st.sweep_id = ? LIMIT ?
            """)
        defer { statement.bind() }
        statement.bind(.integer(sweepID), .int(sample))
        var names = Set<String>()
        while try statement.step() {
            do {
                names.formUnion(try Metrics(jsonText: statement.text(1)).names)
            } catch {
                throw StoreError("task \(statement.int(0)): its stored metrics cannot be read: \(error)")
            }
        }
        return names.sorted()
    }

    /// The history of a task's attempts: (attempt id, outcome), oldest first.
    public func attemptHistory(taskID: Int64) throws -> [(attemptID: Int64, outcome: String)] {
        let statement = try connection.statement("SELECT id, outcome FROM attempts WHERE task_id = ? ORDER BY id")
        statement.bind(.integer(taskID))
        var history: [(Int64, String)] = []
        while try statement.step() { history.append((statement.int(0), statement.text(1))) }
        return history
    }

    // MARK: - Pieces

    private enum LeaseStatus {
        case current, alreadyAccepted, notCurrent, unknown
    }

    private func leaseStatus(_ lease: Lease) throws -> LeaseStatus {
        let statement = try connection.statement(
            """
            SELECT t.state, t.current_attempt, (SELECT attempt_id FROM results WHERE task_id = t.id),
                   EXISTS(SELECT 1 FROM attempts WHERE id = ?2 AND task_id = t.id)
            FROM tasks t WHERE t.id = ?1
            """)
        guard try statement.bind(.integer(lease.taskID), .integer(lease.attemptID)).step() else { return .unknown }
        defer { statement.bind() }
        if statement.int(3) == 0 { return .unknown }
        if statement.optionalInt(2) == lease.attemptID { return .alreadyAccepted }
        if statement.text(0) == "running", statement.optionalInt(1) == lease.attemptID { return .current }
        return .notCurrent
    }

    private func endAttempt(
        _ lease: Lease, outcome: String, detail: String?, metrics: String?, now: Double, onlyIfRunning: Bool
    ) throws {
        let statement = try connection.statement(
            """
            UPDATE attempts SET outcome = CASE WHEN ?5 = 1 AND outcome != 'running' THEN outcome ELSE ?1 END,
                detail = coalesce(?2, detail), metrics = coalesce(?3, metrics), ended_at = coalesce(ended_at, ?4)
            WHERE id = ?6
            """)
        try statement.bind(
            .text(outcome), detail.map { .text($0) }, metrics.map { .text($0) }, .real(now),
            .int(onlyIfRunning ? 1 : 0), .integer(lease.attemptID)
        ).run()
    }

    private func sweepID(_ name: String) throws -> Int64? {
        let statement = try connection.statement("SELECT id FROM sweeps WHERE name = ?")
        guard try statement.bind(.text(name)).step() else { return nil }
        defer { statement.bind() }
        return statement.int(0)
    }
}
