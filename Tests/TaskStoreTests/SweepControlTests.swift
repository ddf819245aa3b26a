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
            try store.transaction { try $0.renew(running.map(\.lease), leaseSeconds: 10, now: 2) } == running.map(\.lease))
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
        ])
        let laptop = Requirements(cores: 2, memoryMB: 16 * 1024)
        let claimed = try store.transaction {
            try $0.claim(limit: 10, worker: worker, capacity: laptop, leaseSeconds: 10, now: 1)
        }
        #expect(claimed.map { $0.parameters["x"] } == [.number(3)])
        let node = Requirements(cores: 8, memoryMB: 8 * 1024)
        #expect(
            try store.transaction { try $0.claim(limit: 10, worker: worker, capacity: node, leaseSeconds: 10, now: 1) }.count
                == 2)
    }
}
