import SweepModel

extension TaskStore {
    /// The attempts of a sweep's tasks with their log tails, by task then attempt; only tasks whose key starts
    /// with `keyPrefix`, in `state`, and only attempt number `attempt`, when given.
    public func attemptLogs(
        sweep: String, keyPrefix: String? = nil, state: TaskState? = nil, attempt: Int? = nil
    ) throws -> [AttemptLog] {
        let sweepID = try requireSweep(sweep)
        let statement = try connection.statement(
            """
            SELECT key, number, outcome, host, state, detail, stdout_tail, stderr_tail FROM (
                SELECT t.id AS task_id, t.key AS key, a.id AS attempt_id,
                    row_number() OVER (PARTITION BY a.task_id ORDER BY a.id) AS number, a.outcome AS outcome,
                    a.host AS host, t.state AS state, a.detail AS detail, a.stdout_tail AS stdout_tail,
                    a.stderr_tail AS stderr_tail
                FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id JOIN attempts a ON a.task_id = t.id
                WHERE st.sweep_id = ?1 AND (?2 IS NULL OR substr(t.key, 1, length(?2)) = ?2)
                    AND (?3 IS NULL OR t.state = ?3))
            WHERE ?4 IS NULL OR number = ?4 ORDER BY task_id, attempt_id
            """)
        statement.bind(
            .integer(sweepID), keyPrefix.map { .text($0) }, state.map { .text($0.rawValue) }, attempt.map { .int($0) })
        var logs: [AttemptLog] = []
        while try statement.step() {
            logs.append(
                AttemptLog(
                    key: statement.text(0), attempt: Int(statement.int(1)), outcome: statement.text(2),
                    host: statement.text(3), taskState: statement.text(4), detail: statement.optionalText(5),
                    tails: AttemptLogTails(
                        stdout: statement.optionalText(6) ?? "", stderr: statement.optionalText(7) ?? "")))
        }
        return logs
    }
}
