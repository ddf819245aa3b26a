import Foundation
import SweepModel

extension TaskStore {
    /// Adds the sweep's tasks that the store does not hold yet and links all of them to the sweep.
    ///
    /// A sweep of the same name may be extended (more values on its axes, more seeds), never redefined: a file
    /// whose experiment, fixed parameters or axis names differ is refused, so one name never pools two setups.
    public func submit(
        _ spec: SweepSpec, source: String, now: Double = Date().timeIntervalSince1970
    ) throws
        -> SubmitOutcome
    {
        if let hash = spec.command?.codeHash, try !hasCode(hash) { throw StoreError.missingCode(hash: hash) }
        let (sweepID, sweepState) = try storeDefinition(of: spec, source: source, now: now)
        if let command = spec.command {
            try connection.statement("INSERT OR IGNORE INTO commands(experiment, definition) VALUES (?, ?)")
                .bind(.text(spec.experiment), .text(command.definitionJSON)).run()
        }
        let (added, existing) = try insert(spec.expand(), intoSweep: sweepID, state: sweepState, now: now)
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

    /// Adds the tasks the store does not hold yet, as the sweep's state says (held when it is paused), links all
    /// of them to the sweep, and gives them its priority and requirements; returns how many were new.
    func insert(
        _ tasks: some Sequence<TaskSpec>, intoSweep sweepID: Int64, state sweepState: SweepState, now: Double
    ) throws -> (added: Int, existing: Int) {
        let settings = try connection.statement(
            "SELECT priority, min_cores, min_memory_mb, min_gpus FROM sweeps WHERE id = ?")
        guard try settings.bind(.integer(sweepID)).step() else {
            throw StoreError.unreadableRow(taskID: 0, reason: "sweep \(sweepID) vanished while adding tasks")
        }
        let (priority, cores, memory, gpus) = (settings.int(0), settings.int(1), settings.int(2), settings.int(3))
        settings.bind()
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
        for task in tasks {
            try insertTask.bind(
                .text(task.key), .text(task.experiment), .text(task.parameters.canonicalJSON), .integer(priority),
                .text(newState.rawValue), .real(now), .real(now)
            ).run()
            let taskID: Int64
            if connection.changes == 1 {
                added += 1
                taskID = connection.lastInsertRowID
            } else {
                existing += 1
                guard try findTask.bind(.text(task.key)).step() else {
                    throw StoreError.unreadableRow(taskID: 0, reason: "task \(task.key) vanished while submitting")
                }
                taskID = findTask.int(0)
                findTask.bind()
            }
            try link.bind(.integer(sweepID), .integer(taskID)).run()
        }
        try connection.statement(
            """
            UPDATE tasks SET priority = max(priority, ?1), min_cores = max(min_cores, ?2),
                min_memory_mb = max(min_memory_mb, ?3), min_gpus = max(min_gpus, ?5)
            WHERE (priority < ?1 OR min_cores < ?2 OR min_memory_mb < ?3 OR min_gpus < ?5)
                AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?4)
            """
        ).bind(.integer(priority), .integer(cores), .integer(memory), .integer(sweepID), .integer(gpus)).run()
        return (added, existing)
    }

    /// The names of all sweeps, oldest first.
    public func sweepNames() throws -> [String] {
        let statement = try connection.statement("SELECT name FROM sweeps ORDER BY id")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(0)) }
        return names
    }

    /// The sweep's axes as last submitted.
    public func axes(ofSweep name: String) throws -> [Axis] {
        let statement = try connection.statement("SELECT axes FROM sweeps WHERE name = ?")
        guard try statement.bind(.text(name)).step() else {
            throw StoreError.noSuchSweep(name: name, known: try sweepNames())
        }
        let text = statement.text(0)
        statement.bind()
        return try decoder.decode([Axis].self, from: Data(text.utf8))
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
            throw StoreError.notRequeueable(states: states.sorted { $0.rawValue < $1.rawValue })
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
                UPDATE attempts SET outcome = \(AttemptOutcome.superseded.sql)
                    WHERE outcome = \(AttemptOutcome.accepted.sql) AND task_id IN (
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

    /// Stops handing out the sweep's tasks (tasks shared with an active sweep still run). Running tasks finish,
    /// or with `stopRunning` are stopped: their leases end at once (their workers hear it at their next
    /// heartbeat), at no cost to their budgets, and they wait with the rest for `resume`.
    public func pause(
        sweep: String, stopRunning: Bool = false, now: Double = Date().timeIntervalSince1970
    ) throws -> Int {
        let sweepID = try setSweepState(sweep, .paused, now: now)
        var changed = 0
        if stopRunning {
            changed = try endRunningAttempts(ofSweep: sweepID, as: .paused, now: now)
            try connection.statement(
                """
                UPDATE tasks SET state = 'held', current_attempt = NULL, lease_expires = NULL, updated_at = ?2
                WHERE state = 'running' AND \(Self.ownedOnly)
                """
            ).bind(.integer(sweepID), .real(now)).run()
        }
        try connection.statement(
            """
            UPDATE tasks SET state = \(Schema.requeueState), updated_at = ?
            WHERE state = 'pending' AND id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?)
            """
        ).bind(.real(now), .integer(sweepID)).run()
        return changed + connection.changes
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
        _ = try endRunningAttempts(ofSweep: sweepID, as: .cancelled, now: now)
        try connection.statement(
            """
            UPDATE tasks SET state = 'cancelled', current_attempt = NULL, lease_expires = NULL, updated_at = ?2
            WHERE state IN ('pending', 'held', 'running') AND \(Self.ownedOnly)
            """
        ).bind(.integer(sweepID), .real(now)).run()
        return connection.changes
    }

    /// The sweep's tasks (its id is ?1) that no active sweep shares, as a condition on `tasks`.
    static let ownedOnly = """
        id IN (SELECT task_id FROM sweep_tasks WHERE sweep_id = ?1) AND NOT EXISTS (
            SELECT 1 FROM sweep_tasks ot JOIN sweeps os ON os.id = ot.sweep_id
            WHERE ot.task_id = tasks.id AND os.state = 'active')
        """

    /// Ends, as `outcome`, the current attempts of the sweep's running tasks that no active sweep shares; their
    /// workers hear at their next heartbeat that the lease is lost. Returns how many.
    private func endRunningAttempts(ofSweep sweepID: Int64, as outcome: AttemptOutcome, now: Double) throws -> Int {
        try connection.statement(
            """
            UPDATE attempts SET outcome = \(outcome.sql), ended_at = ?2 WHERE id IN (
                SELECT current_attempt FROM tasks WHERE state = 'running' AND \(Self.ownedOnly))
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

    /// Inserts the sweep's row, or updates it when the file extends the stored sweep; returns its id and state.
    private func storeDefinition(
        of spec: SweepSpec, source: String, now: Double
    ) throws -> (id: Int64, state: SweepState) {
        let axesJSON = String(decoding: try encoder.encode(spec.axes), as: UTF8.self)
        let refineJSON = try spec.refine.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let find = try connection.statement(
            "SELECT id, experiment, state, fixed, axes, refine FROM sweeps WHERE name = ?")
        guard try find.bind(.text(spec.name)).step() else {
            find.bind()
            try connection.statement(
                """
                INSERT INTO sweeps(name, experiment, axes, source, priority, min_cores, min_memory_mb, min_gpus,
                                   created_at, updated_at, fixed, refine)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            )
            .bind(
                .text(spec.name), .text(spec.experiment), .text(axesJSON), .text(source), .int(spec.priority),
                .int(spec.requirements.cores), .int(spec.requirements.memoryMB), .int(spec.requirements.gpus),
                .real(now), .real(now), .text(spec.fixed.canonicalJSON), refineJSON.map { .text($0) }
            ).run()
            return (connection.lastInsertRowID, .active)
        }
        let sweepID = find.int(0)
        let state = SweepState(rawValue: find.text(2)) ?? .active
        let storedRefine = try find.optionalText(5).map { try decoder.decode(RefineSpec.self, from: Data($0.utf8)) }
        let stored = StoredDefinition(
            experiment: find.text(1), fixed: find.optionalText(3),
            axisNames: try decoder.decode([Axis].self, from: Data(find.text(4).utf8)).map(\.name))
        find.bind()
        if let difference = try stored.difference(from: spec) {
            throw StoreError.sweepConflict(name: spec.name, difference: difference)
        }
        guard state != .cancelled else { throw StoreError.sweepCancelled(name: spec.name) }
        try connection.statement(
            """
            UPDATE sweeps SET axes = ?, source = ?, priority = ?, min_cores = ?, min_memory_mb = ?, min_gpus = ?,
                updated_at = ?, fixed = ?, experiment = ?
            WHERE id = ?
            """
        )
        .bind(
            .text(axesJSON), .text(source), .int(spec.priority), .int(spec.requirements.cores),
            .int(spec.requirements.memoryMB), .int(spec.requirements.gpus), .real(now),
            .text(spec.fixed.canonicalJSON), .text(spec.experiment), .integer(sweepID)
        ).run()
        if storedRefine != spec.refine {
            // A changed block refines on from the rounds already added, by its own settings.
            try connection.statement("UPDATE sweeps SET refine = ?, refine_end = NULL WHERE id = ?")
                .bind(refineJSON.map { .text($0) }, .integer(sweepID)).run()
        }
        return (sweepID, state)
    }

    /// The sweep's row id; throws `noSuchSweep` naming the sweeps there are.
    func requireSweep(_ sweep: String) throws -> Int64 {
        guard let sweepID = try sweepID(sweep) else {
            throw StoreError.noSuchSweep(name: sweep, known: try sweepNames())
        }
        return sweepID
    }

    func sweepID(_ name: String) throws -> Int64? {
        let statement = try connection.statement("SELECT id FROM sweeps WHERE name = ?")
        guard try statement.bind(.text(name)).step() else { return nil }
        defer { statement.bind() }
        return statement.int(0)
    }
}
