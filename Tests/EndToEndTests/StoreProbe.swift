import Foundation
@testable import TaskStore

/// Reads the coordinator's database from the test, on a connection of its own.
struct StoreProbe {
    let path: String
    var readOnly = false

    private func scalar(_ sql: String) throws -> Int {
        let store = try TaskStore(path: path, readOnly: readOnly)
        let statement = try store.connection.statement(sql)
        _ = try statement.step()
        return Int(statement.int(0))
    }

    func count(state: String) throws -> Int {
        try scalar("SELECT count(*) FROM tasks WHERE state = '\(state)'")
    }

    var taskCount: Int { get throws { try scalar("SELECT count(*) FROM tasks") } }

    var resultCount: Int { get throws { try scalar("SELECT count(*) FROM results") } }

    /// Tasks whose number of accepted attempts is not exactly one.
    var tasksWithoutExactlyOneAcceptedAttempt: Int {
        get throws {
            try scalar(
                """
                SELECT count(*) FROM tasks t WHERE (SELECT count(*) FROM attempts a
                    WHERE a.task_id = t.id AND a.outcome = 'accepted') != 1
                """)
        }
    }

    /// Results whose attempt is not the one recorded as accepted.
    var resultsNotFromTheirAcceptedAttempt: Int {
        get throws {
            try scalar(
                """
                SELECT count(*) FROM results r JOIN attempts a ON a.id = r.attempt_id
                WHERE a.outcome != 'accepted' OR a.task_id != r.task_id
                """)
        }
    }

    func attempts(outcome: String) throws -> Int {
        try scalar("SELECT count(*) FROM attempts WHERE outcome = '\(outcome)'")
    }

    /// The task of every attempt, in the order the attempts were opened (claimed).
    func claimOrder() throws -> [Int64] {
        let store = try TaskStore(path: path, readOnly: readOnly)
        let statement = try store.connection.statement("SELECT task_id FROM attempts ORDER BY id")
        var tasks: [Int64] = []
        while try statement.step() { tasks.append(statement.int(0)) }
        return tasks
    }

    /// Every accepted result as task id to attempt id.
    func acceptedResults() throws -> [Int64: Int64] {
        let store = try TaskStore(path: path, readOnly: readOnly)
        let statement = try store.connection.statement("SELECT task_id, attempt_id FROM results")
        var results: [Int64: Int64] = [:]
        while try statement.step() { results[statement.int(0)] = statement.int(1) }
        return results
    }
}
