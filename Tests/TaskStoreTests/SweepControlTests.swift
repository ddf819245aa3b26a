import TestSupport
import Foundation
import Testing
@testable import SweepModel
@testable import TaskStore

@Suite("Sweep operations")
struct SweepControlTests {
    let directory = TemporaryDirectory()
    let worker = WorkerIdentity(id: "w", host: "h")

    func store(with sweeps: [String]) throws -> TaskStore {
        let store = try TaskStore(path: directory.file("ops.sqlite"))
        for text in sweeps {
            _ = try store.transaction { try $0.submit(try SweepSpecParser(file: "t.yaml").parse(text), source: "") }
        }
        return store
    }

    func progress(_ store: TaskStore, _ sweep: String) throws -> SweepProgress {
        try store.progress(sweep: sweep).first!
    }

    @Test func pausedSweepsHandOutNothingUntilResumed() throws {
        let store = try store(with: ["name: a\nexperiment: noop\ngrid: {x: [1, 2, 3]}\n"])
        #expect(try store.transaction { try $0.pause(sweep: "a") } == 3)
        #expect(try progress(store, "a").state == .paused)
        #expect(try progress(store, "a").held == 3)
        #expect(try store.transaction { try $0.claim(limit: 10, worker: worker, leaseSeconds: 10, now: 1) }.isEmpty)
        // Points added while paused wait too.
        _ = try store.transaction {
            try $0.submit(
                try SweepSpecParser(file: "t.yaml").parse("name: a\nexperiment: noop\ngrid: {x: [1, 2, 3, 4]}\n"),
                source: "")
        }
        #expect(try progress(store, "a").held == 4)
        #expect(try store.transaction { try $0.resume(sweep: "a") } == 4)
        #expect(try store.transaction { try $0.claim(limit: 10, worker: worker, leaseSeconds: 10, now: 1) }.count == 4)
    }

    @Test func aTaskSharedWithAnActiveSweepKeepsRunning() throws {
        let store = try store(with: [
            "name: a\nexperiment: noop\ngrid: {x: [1, 2]}\n",
            "name: b\nexperiment: noop\ngrid: {x: [2, 3]}\n",
        ])
        _ = try store.transaction { try $0.pause(sweep: "a") }
        let claimed = try store.transaction { try $0.claim(limit: 10, worker: worker, leaseSeconds: 10, now: 1) }
        #expect(Set(claimed.compactMap { $0.parameters["x"]?.intValue }) == [2, 3])
        // A lease that expires while its only sweep is paused comes back held, not pending.
        _ = try store.transaction { try $0.pause(sweep: "b") }
        #expect(try store.transaction { try $0.expireLeases(now: 100, limits: RetryLimits()) }.count == 2)
        #expect(try progress(store, "b").held == 2)
    }

    @Test func cancelEndsRunningLeasesAndResumeBringsTasksBack() throws {
        let store = try store(with: ["name: a\nexperiment: noop\ngrid: {x: [1, 2, 3]}\n"])
        let running = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 1) }
        #expect(try store.transaction { try $0.cancel(sweep: "a") } == 3)
        #expect(try progress(store, "a").cancelled == 3)
        #expect(
            try store.transaction { try $0.renew(running.map(\.lease), leaseSeconds: 10, now: 2) }
                == running.map(\.lease))
        #expect(try store.attemptHistory(taskID: running[0].lease.taskID).map(\.outcome) == [.cancelled])
        #expect(throws: StoreError.self) {
            try store.transaction {
                try $0.submit(try SweepSpecParser(file: "t.yaml").parse("name: a\nexperiment: noop\n"), source: "")
            }
        }
        #expect(try store.transaction { try $0.resume(sweep: "a") } == 3)
        #expect(try progress(store, "a").pending == 3)
    }

    @Test func requeueOfDoneTasksSupersedesTheirResults() throws {
        let store = try store(with: ["name: a\nexperiment: noop\ngrid: {x: [1, 2]}\n"])
        let provenance = Provenance(
            host: "h", cpuModel: "c", threads: 1, version: "v", startedAt: 0, endedAt: 1,
            wallSeconds: 1, peakRSSBytes: 1)
        for task in try store.transaction({ try $0.claim(limit: 2, worker: worker, leaseSeconds: 10, now: 1) }) {
            _ = try store.transaction {
                try $0.complete(task.lease, metrics: Metrics(["v": 1]), provenance: provenance, now: 2)
            }
        }
        #expect(throws: StoreError.self) { try store.transaction { try $0.requeue(sweep: "a", states: [.running]) } }
        #expect(try store.transaction { try $0.requeue(sweep: "a", states: [.done]) } == 2)
        #expect(try progress(store, "a").pending == 2)
        #expect(try store.tasks(ofSweep: "a").allSatisfy { $0.metrics == nil })
    }

    @Test func statusCarriesPriorityAndState() throws {
        let store = try store(with: [
            "name: low\nexperiment: noop\ngrid: {x: [1]}\n",
            "name: high\nexperiment: noop\ngrid: {x: [5]}\npriority: 7\n",
        ])
        #expect(try progress(store, "high").priority == 7)
        let first = try store.transaction { try $0.claim(limit: 1, worker: worker, leaseSeconds: 10, now: 1) }
        #expect(first.first?.parameters["x"] == .number(5))
    }

    @Test func workersOnlyGetTasksWhoseRequirementsTheyCover() throws {
        let store = try store(with: [
            "name: big\nexperiment: noop\ngrid: {x: [1, 2]}\nrequires: {cores: 4, memory_gb: 8}\n",
            "name: small\nexperiment: noop\ngrid: {x: [3]}\n",
            "name: gpu\nexperiment: noop\ngrid: {x: [4]}\nrequires: {gpus: 2}\n",
        ])
        let laptop = WorkerResources(slots: 8, cores: 2, memoryMB: 16 * 1024)
        let claimed = try store.transaction {
            try $0.claim(limit: 10, worker: worker, free: laptop, leaseSeconds: 10, now: 1)
        }
        #expect(claimed.map { $0.parameters["x"] } == [.number(3)])
        let node = WorkerResources(slots: 8, cores: 8, memoryMB: 8 * 1024)
        #expect(
            try store.transaction { try $0.claim(limit: 10, worker: worker, free: node, leaseSeconds: 10, now: 1) }
                .count
                == 2)
        let gpuNode = WorkerResources(slots: 8, cores: 8, memoryMB: 8 * 1024, gpus: 2)
        let gpuTasks = try store.transaction {
            try $0.claim(limit: 10, worker: worker, free: gpuNode, leaseSeconds: 10, now: 1)
        }
        #expect(gpuTasks.map { $0.parameters["x"] } == [.number(4)])
    }
}

@Suite("Sweep definitions")
struct SweepDefinitionTests {
    let directory = TemporaryDirectory()

    func submit(_ store: TaskStore, _ text: String) throws -> SubmitOutcome {
        let spec = try SweepSpecParser(file: "t.yaml").parse(text)
        return try store.transaction { try $0.submit(spec, source: text) }
    }

    @Test func aFileWithOtherFixedParametersUnderTheSameNameIsRefusedNamingThem() throws {
        let store = try TaskStore(path: directory.file("s.sqlite"))
        _ = try submit(store, "name: s\nexperiment: noop\nparams: {duration_ms: 5}\ngrid: {a: [1, 2]}\n")
        #expect {
            try submit(store, "name: s\nexperiment: noop\nparams: {duration_ms: 7}\ngrid: {a: [1, 2, 3]}\n")
        } throws: { error in
            guard case .sweepConflict(let name, let difference) = error as? StoreError else { return false }
            return name == "s" && difference.contains("duration_ms is 5, this file has 7")
        }
        #expect(try store.progress(sweep: "s").first?.total == 2)
    }

    @Test func aFileWithOtherAxesUnderTheSameNameIsRefused() throws {
        let store = try TaskStore(path: directory.file("s.sqlite"))
        _ = try submit(store, "name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n")
        #expect {
            try submit(store, "name: s\nexperiment: noop\ngrid: {b: [1, 2]}\n")
        } throws: { error in
            guard case .sweepConflict(_, let difference) = error as? StoreError else { return false }
            return difference.contains("its axes are a, this file's are b")
        }
    }

    @Test func moreValuesAndMoreSeedsExtendTheSweep() throws {
        let store = try TaskStore(path: directory.file("s.sqlite"))
        _ = try submit(store, "name: s\nexperiment: noop\nparams: {duration_ms: 5}\ngrid: {a: [1, 2]}\n")
        let extended = try submit(
            store, "name: s\nexperiment: noop\nparams: {duration_ms: 5}\ngrid: {a: [1, 2, 3]}\nseeds: 2\n")
        #expect(extended == SubmitOutcome(sweep: "s", added: 4, existing: 2))
    }

    @Test func aVersionOneDatabaseIsUpgradedInPlace() throws {
        let path = directory.file("old.sqlite")
        do {
            let store = try TaskStore(path: path)
            _ = try submit(store, "name: s\nexperiment: noop\ngrid: {a: [1]}\n")
            try store.connection.execute(
                "ALTER TABLE attempts DROP COLUMN secret; ALTER TABLE sweeps DROP COLUMN fixed; PRAGMA user_version = 1"
                    + "; DROP TABLE commands; ALTER TABLE attempts DROP COLUMN stdout_tail;"
                    + "ALTER TABLE attempts DROP COLUMN stderr_tail; ALTER TABLE attempts DROP COLUMN started_at;"
                    + "ALTER TABLE results DROP COLUMN kernels; ALTER TABLE results DROP COLUMN task_folder;"
                    + "ALTER TABLE sweeps DROP COLUMN min_gpus; ALTER TABLE tasks DROP COLUMN min_gpus;"
                    + "ALTER TABLE sweeps DROP COLUMN refine; ALTER TABLE sweeps DROP COLUMN refine_round;"
                    + "ALTER TABLE sweeps DROP COLUMN refine_end")
        }
        let reader = try TaskStore(path: path, readOnly: true)
        #expect(try reader.progress(sweep: "s").first?.total == 1)
        let store = try TaskStore(path: path)
        let leased = try store.transaction {
            try $0.claim(limit: 1, worker: WorkerIdentity(id: "w", host: "h"), leaseSeconds: 30, now: 1)
        }
        #expect(leased.first?.lease.secret.count == 32)
        #expect(try submit(store, "name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n").added == 1)
    }
}
