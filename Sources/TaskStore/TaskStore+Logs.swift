import SweepModel

extension TaskStore {
    /// The attempts of a sweep's tasks with their log tails, by task then attempt; only tasks whose key starts
    /// with `keyPrefix`, in `state`, and only attempt number `attempt`, when given. With `after`, only those
    /// past that task and attempt; with `limit`, at most that many (a page).
    public func attemptLogs(
        sweep: String, keyPrefix: String? = nil, state: TaskState? = nil, attempt: Int? = nil,
        after: (taskID: Int64, attemptID: Int64)? = nil, limit: Int? = nil
    ) throws -> [AttemptLog] {
        let sweepID = try requireSweep(sweep)
        let statement = try connection.statement(
            """
            SELECT task_id, attempt_id, key, number, outcome, host, state, detail, stdout_tail, stderr_tail FROM (
                SELECT t.id AS task_id, t.key AS key, a.id AS attempt_id,
                    row_number() OVER (PARTITION BY a.task_id ORDER BY a.id) AS number, a.outcome AS outcome,
                    a.host AS host, t.state AS state, a.detail AS detail, a.stdout_tail AS stdout_tail,
                    a.stderr_tail AS stderr_tail
                FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id JOIN attempts a ON a.task_id = t.id
                WHERE st.sweep_id = ?1 AND (?2 IS NULL OR substr(t.key, 1, length(?2)) = ?2)
                    AND (?3 IS NULL OR t.state = ?3) AND t.id >= ?5)
            WHERE (?4 IS NULL OR number = ?4) AND (task_id, attempt_id) > (?5, ?6)
            ORDER BY task_id, attempt_id LIMIT ?7
            """)
        statement.bind(
            .integer(sweepID), keyPrefix.map { .text($0) }, state.map { .text($0.rawValue) }, attempt.map { .int($0) },
            .integer(after?.taskID ?? 0), .integer(after?.attemptID ?? 0), .int(limit ?? -1))
        return try Self.attemptLogs(from: statement)
    }

    /// The attempts of the task whose key is `key`, with their log tails; only attempt number `attempt`, when
    /// given. Throws `noSuchTask` when no task has that key.
    public func attemptLogs(taskKey key: String, attempt: Int? = nil) throws -> [AttemptLog] {
        let statement = try connection.statement(
            """
            SELECT task_id, attempt_id, key, number, outcome, host, state, detail, stdout_tail, stderr_tail FROM (
                SELECT t.id AS task_id, t.key AS key, a.id AS attempt_id,
                    row_number() OVER (ORDER BY a.id) AS number, a.outcome AS outcome, a.host AS host,
                    t.state AS state, a.detail AS detail, a.stdout_tail AS stdout_tail, a.stderr_tail AS stderr_tail
                FROM tasks t JOIN attempts a ON a.task_id = t.id WHERE t.key = ?1)
            WHERE ?2 IS NULL OR number = ?2 ORDER BY attempt_id
            """)
        statement.bind(.text(key), attempt.map { .int($0) })
        let logs = try Self.attemptLogs(from: statement)
        if logs.isEmpty {
            let known = try connection.statement("SELECT 1 FROM tasks WHERE key = ?")
            guard try known.bind(.text(key)).step() else { throw StoreError.noSuchTask(key: key) }
        }
        return logs
    }

    private static func attemptLogs(from statement: SQLiteStatement) throws -> [AttemptLog] {
        var logs: [AttemptLog] = []
        while try statement.step() {
            logs.append(
                AttemptLog(
                    taskID: statement.int(0), attemptID: statement.int(1), key: statement.text(2),
                    attempt: Int(statement.int(3)), outcome: statement.text(4), host: statement.text(5),
                    taskState: statement.text(6), detail: statement.optionalText(7),
                    tails: AttemptLogTails(
                        stdout: statement.optionalText(8) ?? "", stderr: statement.optionalText(9) ?? "")))
        }
        return logs
    }
}
