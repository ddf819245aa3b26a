import TestSupport
import Testing
@testable import SweepModel
@testable import TaskStore

@Suite("Command tasks in the store")
struct CommandTaskStoreTests {
    let directory = TemporaryDirectory()
    let worker = WorkerIdentity(id: "w", host: "h")
    static let sweep = "name: c\ncommand: {argv: [prog, \"{a}\"], workdir: sub, timeout: 5}\ngrid: {a: [1, 2]}\n"

    func submitCommandSweep(to store: TaskStore) throws -> SubmitOutcome {
        var spec = try SweepSpecParser(file: "t.yaml").parse(Self.sweep)
        spec.command?.directory = "/home/u/sweeps"
        return try store.transaction { try $0.submit(spec, source: Self.sweep) }
    }

    @Test func onlyWorkersThatAllowCommandsGetCommandTasksWithTheirProgram() throws {
        let store = try TaskStore(path: directory.file("c.sqlite"))
        #expect(try submitCommandSweep(to: store).added == 2)
        _ = try store.transaction {
            try $0.submit(try SweepSpecParser(file: "t.yaml").parse("name: b\nexperiment: noop\n"), source: "")
        }
        let plain = try store.transaction {
            try $0.claim(limit: 10, worker: worker, allowsCommands: false, leaseSeconds: 10, now: 1)
        }
        #expect(plain.map(\.experiment) == ["noop"])
        #expect(plain[0].command == nil)
        let commands = try store.transaction {
            try $0.claim(limit: 10, worker: worker, allowsCommands: true, leaseSeconds: 10, now: 1)
        }
        #expect(commands.count == 2)
        let command = try #require(commands.first?.command)
        #expect(command.experimentName == commands[0].experiment)
        #expect(command.resolvedWorkdir == "/home/u/sweeps/sub")
        #expect(command.timeoutSeconds == 5)
        #expect(try submitCommandSweep(to: store).added == 0)
    }

    @Test func aVersionTwoDatabaseGainsTheCommandsTable() throws {
        let path = directory.file("v2.sqlite")
        do {
            let store = try TaskStore(path: path)
            try store.connection.execute(
                """
                DROP TABLE commands; ALTER TABLE attempts DROP COLUMN stdout_tail;
                ALTER TABLE attempts DROP COLUMN stderr_tail; ALTER TABLE attempts DROP COLUMN started_at;
                ALTER TABLE results DROP COLUMN kernels; ALTER TABLE results DROP COLUMN task_folder;
                ALTER TABLE sweeps DROP COLUMN min_gpus; ALTER TABLE tasks DROP COLUMN min_gpus;
                ALTER TABLE sweeps DROP COLUMN refine; ALTER TABLE sweeps DROP COLUMN refine_round;
                ALTER TABLE sweeps DROP COLUMN refine_end;
                PRAGMA user_version = 2
                """)
        }
        let store = try TaskStore(path: path)
        #expect(try submitCommandSweep(to: store).added == 2)
        let leased = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 1) }
        #expect(leased.first?.command != nil)
    }

    @Test func aFailuresLogTailsAreKeptWithItsAttempt() throws {
        let store = try TaskStore(path: directory.file("logs.sqlite"))
        _ = try submitCommandSweep(to: store)
        let leased = try store.transaction {
            try $0.claim(limit: 2, worker: worker, leaseSeconds: 10, now: 1)
        }
        let tails = AttemptLogTails(stdout: "out\n", stderr: "it broke\n")
        _ = try store.transaction {
            try $0.fail(leased[0].lease, error: "exit 3: boom", logs: tails, limits: RetryLimits(), now: 2)
        }
        let logs = try store.attemptLogs(sweep: "c", state: .pending)
        let failed = try #require(logs.first { $0.key == leased[0].key })
        #expect(failed.attempt == 1)
        #expect(failed.outcome == "failed")
        #expect(failed.detail == "exit 3: boom")
        #expect(failed.tails == tails)
        #expect(try store.attemptLogs(sweep: "c", keyPrefix: leased[1].key.prefix(8).description).count == 1)
        #expect(try store.attemptLogs(sweep: "c", attempt: 2).isEmpty)
        let long = String(repeating: "x", count: AttemptLogTails.limit + 10) + "end"
        #expect(AttemptLogTails.clipped(long).utf8.count == AttemptLogTails.limit)
        #expect(AttemptLogTails.clipped(long).hasSuffix("end"))
    }

    @Test func aResultsLogTailsAreKeptAndLogsComeAPageAtATime() throws {
        let store = try TaskStore(path: directory.file("pages.sqlite"))
        _ = try submitCommandSweep(to: store)
        let leased = try store.transaction { try $0.claim(limit: 2, worker: worker, leaseSeconds: 10, now: 1) }
        let provenance = Provenance(
            host: "h", cpuModel: "c", threads: 1, version: "v", startedAt: 1, endedAt: 2, wallSeconds: 1,
            peakRSSBytes: 0)
        let long = String(repeating: "y", count: AttemptLogTails.limit + 5)
        _ = try store.transaction {
            try $0.complete(
                leased[0].lease, metrics: Metrics(["x": 1]), provenance: provenance,
                logs: AttemptLogTails(stdout: "INFOSWEEP_METRICS {\"x\": 1}\n", stderr: long), now: 2)
        }
        var forged = leased[1].lease
        forged.secret = "not-it"
        _ = try store.transaction {
            try $0.complete(
                forged, metrics: Metrics(["x": 2]), provenance: provenance,
                logs: AttemptLogTails(stdout: "forged"), now: 2)
        }
        _ = try store.transaction {
            try $0.fail(
                leased[1].lease, error: "exit 1", logs: AttemptLogTails(stderr: "boom"), limits: RetryLimits(),
                now: 3)
        }
        let done = try #require(try store.attemptLogs(sweep: "c", state: .done).first)
        #expect(done.outcome == "accepted")
        #expect(done.tails.stdout == "INFOSWEEP_METRICS {\"x\": 1}\n")
        #expect(done.tails.stderr.utf8.count == AttemptLogTails.limit)
        let all = try store.attemptLogs(sweep: "c")
        #expect(!all.contains { $0.tails.stdout == "forged" })
        var paged: [AttemptLog] = []
        var after: (taskID: Int64, attemptID: Int64)?
        while true {
            let page = try store.attemptLogs(sweep: "c", after: after, limit: 1)
            guard let last = page.last else { break }
            #expect(page.count == 1)
            paged += page
            after = (last.taskID, last.attemptID)
        }
        #expect(paged == all)
    }

    @Test func aCommandSweepSubmittedWithChangedCodeMovesToItAndKeepsItsEarlierResults() throws {
        let store = try TaskStore(path: directory.file("moves.sqlite"))
        #expect(try submitCommandSweep(to: store).added == 2)
        let leased = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 1) }
        let provenance = Provenance(
            host: "h", cpuModel: "c", threads: 1, version: "v", startedAt: 1, endedAt: 2, wallSeconds: 1,
            peakRSSBytes: 0)
        _ = try store.transaction {
            try $0.complete(leased[0].lease, metrics: Metrics(["x": 1]), provenance: provenance, now: 2)
        }
        var edited = try SweepSpecParser(file: "t.yaml").parse(
            Self.sweep.replacingOccurrences(of: "prog", with: "prog2"))
        edited.command?.directory = "/home/u/sweeps"
        #expect(edited.experiment != leased[0].experiment)
        let outcome = try store.transaction { try $0.submit(edited, source: "") }
        #expect((outcome.added, outcome.existing) == (2, 0))
        let progress = try #require(try store.progress(sweep: "c").first)
        #expect((progress.experiment, progress.total, progress.pending, progress.done) == (edited.experiment, 2, 2, 0))
        var outcomes = 0
        try store.forEachOutcome(ofSweep: "c") { _, _, _, _ in outcomes += 1 }
        #expect(outcomes == 2)
        let exported = try store.tasks(ofSweep: "c")
        #expect(exported.count == 4)
        #expect(Set(exported.map(\.experiment)) == [leased[0].experiment, edited.experiment])
        #expect(exported.first { $0.key == leased[0].key }?.metrics?["x"] == 1)
        let builtin = try SweepSpecParser(file: "t.yaml").parse("name: c\nexperiment: noop\ngrid: {a: [1, 2]}\n")
        #expect(throws: StoreError.self) { try store.transaction { try $0.submit(builtin, source: "") } }
    }
}
