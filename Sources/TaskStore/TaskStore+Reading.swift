import Foundation
import SweepModel

extension TaskStore {
    /// Pending and running tasks over the whole store, and the active sweeps with refinement rounds to come.
    public func queueDepth() throws -> QueueDepth {
        let statement = try connection.statement(
            """
            SELECT (SELECT count(*) FROM tasks WHERE state = 'pending'),
                   (SELECT count(*) FROM tasks WHERE state = 'running')
            """)
        _ = try statement.step()
        defer { statement.bind() }
        return QueueDepth(
            pending: Int(statement.int(0)), running: Int(statement.int(1)), refining: try refiningSweeps())
    }

    /// Task counts by state per sweep, with throughput over the last `window` seconds and an ETA. Like every
    /// aggregate here, it counts the tasks of the sweep's current experiment: a command sweep submitted again
    /// with changed code moves to it, and its earlier tasks are left to the export.
    public func progress(
        sweep: String? = nil, window: Double = 60, now: Double = Date().timeIntervalSince1970
    )
        throws -> [SweepProgress]
    {
        if let sweep { _ = try requireSweep(sweep) }
        let statement = try connection.statement(
            """
            SELECT s.name, s.experiment, t.state, count(t.id), s.state, s.priority, s.min_cores, s.min_memory_mb,
                \(schemaVersion >= Schema.gpusVersion ? "s.min_gpus" : "0") FROM sweeps s
            LEFT JOIN sweep_tasks st ON st.sweep_id = s.id
            LEFT JOIN tasks t ON t.id = st.task_id AND t.experiment = s.experiment
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
                        priority: Int(statement.int(5)),
                        requirements: Requirements(
                            cores: Int(statement.int(6)), memoryMB: Int(statement.int(7)),
                            gpus: Int(statement.int(8)))))
            }
            if let taskState = statement.optionalText(2).flatMap(TaskState.init(rawValue:)) {
                reports[reports.count - 1].add(Int(statement.int(3)), in: taskState)
            }
        }
        try countStarted(in: &reports)
        try readRefinement(into: &reports)
        let recent = try connection.statement(
            """
            SELECT count(*), min(r.accepted_at) FROM results r JOIN sweep_tasks st ON st.task_id = r.task_id
            JOIN sweeps s ON s.id = st.sweep_id JOIN tasks t ON t.id = r.task_id AND t.experiment = s.experiment
            WHERE s.name = ? AND r.accepted_at >= ?
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

    /// Sets each report's `started`: its leased tasks whose worker has said it started them (left nil where
    /// the file's schema does not record it).
    private func countStarted(in reports: inout [SweepProgress]) throws {
        guard schemaVersion >= Schema.startedAtVersion else { return }
        let statement = try connection.statement(
            """
            SELECT count(*) FROM sweeps s JOIN sweep_tasks st ON st.sweep_id = s.id
            JOIN tasks t ON t.id = st.task_id AND t.experiment = s.experiment
            JOIN attempts a ON a.id = t.current_attempt
            WHERE s.name = ? AND t.state = 'running' AND a.started_at IS NOT NULL
            """)
        for index in reports.indices {
            guard reports[index].running > 0 else {
                reports[index].started = 0
                continue
            }
            _ = try statement.bind(.text(reports[index].name)).step()
            reports[index].started = Int(statement.int(0))
            statement.bind()
        }
    }

    /// Up to `limit` tasks of the sweep with ids above `afterID`, in id order, with their results: every task
    /// the sweep ever had, earlier code's included (each names its experiment).
    public func tasks(
        ofSweep sweep: String, afterID: Int64 = 0, limit: Int = 1000, state: TaskState? = nil
    ) throws -> [TaskRecord] {
        let sweepID = try requireSweep(sweep)
        let producedBy = schemaVersion >= Schema.startedAtVersion ? "r.kernels, r.task_folder" : "'', ''"
        let statement = try connection.statement(
            """
            SELECT t.id, t.key, t.experiment, t.params, t.state, t.lost_count + t.fail_count, t.error,
                   r.metrics, r.host, r.cpu_model, r.threads, r.version, r.started_at, r.ended_at, r.wall_seconds,
                   r.peak_rss_bytes, (SELECT count(*) FROM attempts a WHERE a.task_id = t.id), \(producedBy)
            FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id LEFT JOIN results r ON r.task_id = t.id
            WHERE st.sweep_id = ?1 AND st.task_id > ?2 AND (?4 IS NULL OR t.state = ?4) ORDER BY st.task_id LIMIT ?3
            """)
        statement.bind(.integer(sweepID), .integer(afterID), .int(limit), state.map { .text($0.rawValue) })
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
                    wallSeconds: statement.double(14), peakRSSBytes: Int(statement.int(15)),
                    kernels: statement.text(17), taskFolder: statement.text(18))
            }
            records.append(record)
        }
        return records
    }

    /// The sweep file's text as last submitted.
    public func source(ofSweep sweep: String) throws -> String {
        let statement = try connection.statement("SELECT source FROM sweeps WHERE name = ?")
        guard try statement.bind(.text(sweep)).step() else {
            throw StoreError.noSuchSweep(name: sweep, known: try sweepNames())
        }
        return statement.text(0)
    }

    /// Calls `body` with every task of the sweep's current experiment in task order: its id, parameter JSON,
    /// state and accepted metrics JSON, in one streaming statement (for aggregations over millions of results).
    public func forEachOutcome(
        ofSweep sweep: String,
        _ body: (
            _ taskID: Int64, _ parameters: UnsafeBufferPointer<UInt8>, _ state: TaskState,
            _ metrics: UnsafeBufferPointer<UInt8>?
        ) throws -> Void
    ) throws {
        let sweepID = try requireSweep(sweep)
        let statement = try connection.statement(
            """
            SELECT t.id, t.params, t.state, r.metrics FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id
            LEFT JOIN results r ON r.task_id = t.id
            WHERE st.sweep_id = ?1 AND t.experiment = (SELECT experiment FROM sweeps WHERE id = ?1)
            ORDER BY st.task_id
            """)
        defer { statement.bind() }
        statement.bind(.integer(sweepID))
        while try statement.step() {
            try body(
                statement.int(0), statement.bytes(1), Self.state(statement.bytes(2)),
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
        let sweepID = try requireSweep(sweep)
        let statement = try connection.statement(
            """
            SELECT r.task_id, r.metrics FROM sweep_tasks st JOIN results r ON r.task_id = st.task_id
            JOIN tasks t ON t.id = st.task_id
            WHERE st.sweep_id = ?1 AND t.experiment = (SELECT experiment FROM sweeps WHERE id = ?1) LIMIT ?2
            """)
        defer { statement.bind() }
        statement.bind(.integer(sweepID), .int(sample))
        var names = Set<String>()
        while try statement.step() {
            do {
                names.formUnion(try Metrics(jsonText: statement.text(1)).names)
            } catch {
                throw StoreError.unreadableRow(taskID: statement.int(0), reason: "its metrics: \(error)")
            }
        }
        return names.sorted()
    }

    /// The history of a task's attempts: (attempt id, outcome), oldest first.
    public func attemptHistory(taskID: Int64) throws -> [(attemptID: Int64, outcome: AttemptOutcome)] {
        let statement = try connection.statement("SELECT id, outcome FROM attempts WHERE task_id = ? ORDER BY id")
        statement.bind(.integer(taskID))
        var history: [(Int64, AttemptOutcome)] = []
        while try statement.step() {
            guard let outcome = AttemptOutcome(rawValue: statement.text(1)) else {
                throw StoreError.unreadableRow(taskID: taskID, reason: "unknown attempt outcome '\(statement.text(1))'")
            }
            history.append((statement.int(0), outcome))
        }
        return history
    }
}
