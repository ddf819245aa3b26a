import TestSupport
import Foundation
import Testing
@testable import SweepModel
@testable import TaskStore

@Suite("Task store")
struct TaskStoreTests {
    let directory = TemporaryDirectory()
    let worker = WorkerIdentity(id: "w1", host: "node1")
    let provenance = Provenance(
        host: "node1", cpuModel: "cpu", threads: 1, version: "test", startedAt: 1,
        endedAt: 2, wallSeconds: 1, peakRSSBytes: 1000)

    func spec(_ text: String) throws -> SweepSpec {
        try SweepSpecParser(file: "t.yaml").parse(text)
    }

    func openStore() throws -> TaskStore {
        try TaskStore(path: directory.file("store.sqlite"))
    }

    @Test func resubmittingAddsNothingAndExtendingAddsOnlyTheNewPoints() throws {
        let store = try openStore()
        let base = try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\nseeds: 2\n")
        let first = try store.transaction { try $0.submit(base, source: "") }
        #expect(first == SubmitOutcome(sweep: "s", added: 6, existing: 0))
        let again = try store.transaction { try $0.submit(base, source: "") }
        #expect(again == SubmitOutcome(sweep: "s", added: 0, existing: 6))
        let extended = try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4]}\nseeds: 3\n")
        let third = try store.transaction { try $0.submit(extended, source: "") }
        #expect(third == SubmitOutcome(sweep: "s", added: 6, existing: 6))
        #expect(try store.progress(sweep: "s").first?.total == 12)
    }

    @Test func sweepsThatSharePointsShareTasksAndResults() throws {
        let store = try openStore()
        _ = try store.transaction {
            try $0.submit(try spec("name: one\nexperiment: noop\ngrid: {a: [1, 2]}\n"), source: "")
        }
        let claimed = try store.transaction { try $0.claim(limit: 10, worker: worker, leaseSeconds: 30, now: 100) }
        #expect(claimed.count == 2)
        for task in claimed {
            #expect(
                try store.transaction {
                    try $0.complete(task.lease, metrics: Metrics(["x": 1]), provenance: provenance, now: 101)
                } == .accepted)
        }
        let other = try store.transaction {
            try $0.submit(try spec("name: two\nexperiment: noop\ngrid: {a: [2, 3]}\n"), source: "")
        }
        #expect(other == SubmitOutcome(sweep: "two", added: 1, existing: 1))
        let progress = try store.progress(sweep: "two").first!
        #expect(progress.done == 1 && progress.pending == 1)
    }

    @Test func aSweepNameKeepsItsExperiment() throws {
        let store = try openStore()
        _ = try store.transaction { try $0.submit(try spec("name: s\nexperiment: noop\n"), source: "") }
        #expect(throws: StoreError.self) {
            try store.transaction { try $0.submit(try spec("name: s\nexperiment: gibbs\n"), source: "") }
        }
    }

    @Test func onlyTheCurrentAttemptIsAcceptedAndLateResultsGoToHistory() throws {
        let store = try openStore()
        let limits = RetryLimits(maxLostLeases: 5, maxFailures: 3)
        _ = try store.transaction { try $0.submit(try spec("name: s\nexperiment: noop\n"), source: "") }
        let first = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 100) }[0]
        #expect(try store.transaction { try $0.expireLeases(now: 111, limits: limits) }.count == 1)
        let second = try store.transaction {
            try $0.claim(limit: 1, worker: WorkerIdentity(id: "w2", host: "node2"), leaseSeconds: 10, now: 112)
        }[0]
        #expect(second.lease.taskID == first.lease.taskID && second.lease.attemptID != first.lease.attemptID)
        #expect(second.previousAttempts == 1)

        let late = try store.transaction {
            try $0.complete(first.lease, metrics: Metrics(["x": 1]), provenance: provenance, now: 113)
        }
        #expect(late == .stale)
        #expect(
            try store.transaction {
                try $0.complete(second.lease, metrics: Metrics(["x": 2]), provenance: provenance, now: 114)
            } == .accepted)
        // A re-sent report of the accepted attempt is acknowledged again; a later stale one changes nothing.
        #expect(
            try store.transaction {
                try $0.complete(second.lease, metrics: Metrics(["x": 2]), provenance: provenance, now: 115)
            } == .accepted)
        #expect(
            try store.transaction {
                try $0.complete(first.lease, metrics: Metrics(["x": 3]), provenance: provenance, now: 116)
            } == .stale)
        let record = try store.tasks(ofSweep: "s").first!
        #expect(record.state == .done)
        #expect(record.metrics?["x"] == 2)
        let history = try store.attemptHistory(taskID: first.lease.taskID).map(\.outcome)
        #expect(history == [.stale, .accepted])
    }

    @Test func heartbeatsRenewOnlyCurrentLeases() throws {
        let store = try openStore()
        _ = try store.transaction {
            try $0.submit(try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n"), source: "")
        }
        let tasks = try store.transaction { try $0.claim(limit: 2, worker: worker, leaseSeconds: 10, now: 100) }
        let lost = try store.transaction { try $0.renew(tasks.map(\.lease), leaseSeconds: 10, now: 108) }
        #expect(lost.isEmpty)
        // Renewed at 108 to 118: nothing expires at 115.
        #expect(try store.transaction { try $0.expireLeases(now: 115, limits: RetryLimits()) }.count == 0)
        #expect(try store.transaction { try $0.expireLeases(now: 119, limits: RetryLimits()) }.count == 2)
        let afterExpiry = try store.transaction { try $0.renew(tasks.map(\.lease), leaseSeconds: 10, now: 120) }
        #expect(Set(afterExpiry) == Set(tasks.map(\.lease)))
    }

    @Test func aHeartbeatsStartedRunsCountAsRunningTheRestAsLeased() throws {
        let store = try openStore()
        _ = try store.transaction {
            try $0.submit(try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4]}\n"), source: "")
        }
        let tasks = try store.transaction { try $0.claim(limit: 3, worker: worker, leaseSeconds: 10, now: 100) }
        #expect(try store.progress(sweep: "s", now: 101).first?.started == 0)
        var forged = tasks[2].lease
        forged.secret = "not-the-secret"
        let started = [tasks[0].lease.attemptID: 100.5, forged.attemptID: 100.5]
        _ = try store.transaction {
            try $0.renew([tasks[0].lease, tasks[1].lease, forged], started: started, leaseSeconds: 10, now: 102)
        }
        let progress = try #require(try store.progress(sweep: "s", now: 103).first)
        #expect((progress.pending, progress.running, progress.started, progress.leasedNotStarted) == (1, 3, 1, 2))
        _ = try store.transaction {
            try $0.renew([tasks[0].lease], started: [tasks[0].lease.attemptID: 999], leaseSeconds: 10, now: 104)
        }
        let startedAt = try store.connection.statement("SELECT started_at FROM attempts WHERE id = ?")
        _ = try startedAt.bind(.integer(tasks[0].lease.attemptID)).step()
        #expect(startedAt.optionalDouble(0) == 100.5)
    }

    @Test func aReadOnlyStoreOfAnOlderSchemaCannotTellStartedRunsApart() throws {
        let path = directory.file("v3.sqlite")
        do {
            let store = try TaskStore(path: path)
            _ = try store.transaction {
                try $0.submit(try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n"), source: "")
            }
            _ = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 100) }
            try store.connection.execute(
                """
                ALTER TABLE attempts DROP COLUMN started_at; ALTER TABLE results DROP COLUMN kernels;
                ALTER TABLE results DROP COLUMN task_folder; PRAGMA user_version = 3
                """)
        }
        let reader = try TaskStore(path: path, readOnly: true)
        let progress = try #require(try reader.progress(sweep: "s", now: 101).first)
        #expect(progress.running == 1 && progress.started == nil && progress.leasedNotStarted == nil)
        #expect(try reader.tasks(ofSweep: "s").count == 2)
    }

    @Test func lostLeasesAndFailuresAreCountedSeparatelyWithTheirOwnLimits() throws {
        let store = try openStore()
        let limits = RetryLimits(maxLostLeases: 2, maxFailures: 2)
        _ = try store.transaction {
            try $0.submit(try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n"), source: "")
        }
        var now = 100.0
        // Task 1 fails twice in the solver; task 2 loses its lease twice.
        for _ in 0..<2 {
            let tasks = try store.transaction { try $0.claim(limit: 2, worker: worker, leaseSeconds: 10, now: now) }
            let failing = tasks.first { $0.parameters["a"] == .number(1) }!
            #expect(
                try store.transaction { try $0.fail(failing.lease, error: "boom", limits: limits, now: now + 1) }
                    == .accepted
            )
            now += 20
            try store.transaction { _ = try $0.expireLeases(now: now, limits: limits) }
        }
        let records = try store.tasks(ofSweep: "s")
        #expect(records.allSatisfy { $0.state == .failed })
        #expect(records[0].error == "boom")
        #expect(records[1].error?.contains("lease lost 2 times") == true)
        #expect(try store.transaction { try $0.requeue(sweep: "s", states: [.failed]) } == 2)
        #expect(try store.progress(sweep: "s").first?.pending == 2)
    }

    @Test func releasedLeasesReturnToTheQueueWithoutPenalty() throws {
        let store = try openStore()
        _ = try store.transaction { try $0.submit(try spec("name: s\nexperiment: noop\n"), source: "") }
        let task = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 100) }[0]
        #expect(try store.transaction { try $0.release(task.lease, now: 101) } == .accepted)
        let again = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 102) }[0]
        #expect(again.previousAttempts == 0)
        #expect(try store.transaction { try $0.release(task.lease, now: 103) } == .stale)
    }

    @Test func progressCountsStatesAndRejectsUnknownSweeps() throws {
        let store = try openStore()
        _ = try store.transaction {
            try $0.submit(try spec("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\n"), source: "")
        }
        let task = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 100) }[0]
        _ = try store.transaction {
            try $0.complete(
                task.lease, metrics: Metrics(["x": 1]), provenance: provenance, now: Date().timeIntervalSince1970)
        }
        _ = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 100) }
        let progress = try store.progress(sweep: "s").first!
        #expect((progress.total, progress.pending, progress.running, progress.done) == (3, 1, 1, 1))
        #expect(progress.throughput > 0)
        #expect(throws: StoreError.self) { try store.progress(sweep: "nope") }
    }

    @Test func theDatabaseSurvivesReopeningAndRejectsForeignFiles() throws {
        do {
            let store = try openStore()
            _ = try store.transaction { try $0.submit(try spec("name: s\nexperiment: noop\n"), source: "") }
        }
        #expect(try openStore().sweepNames() == ["s"])
        let foreign = directory.file("foreign.txt")
        try "not a database at all, just some text that is long enough".write(
            toFile: foreign, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.notADatabase(path: foreign)) { try TaskStore(path: foreign) }
    }
}
