import TestSupport
import Foundation
import Testing
@testable import SweepModel
@testable import TaskStore

@Suite("Refinement rounds in the store")
struct RefinementStoreTests {
    let directory = TemporaryDirectory()
    let worker = WorkerIdentity(id: "w", host: "h")
    static let file = """
        name: r
        experiment: noop
        grid: {a: [0, 1], b: [0, 1]}
        seeds: 2
        refine: {metric: value, threshold: 0.5, rounds: 2, max_tasks: 13}

        """

    func submit(_ store: TaskStore, _ text: String = file) throws -> SubmitOutcome {
        try store.transaction { try $0.submit(try SweepSpecParser(file: "r.yaml").parse(text), source: text) }
    }

    /// Claims and completes every pending task.
    func finishAll(_ store: TaskStore) throws {
        let leased = try store.transaction { try $0.claim(limit: 100, worker: worker, leaseSeconds: 10, now: 1) }
        for task in leased {
            let provenance = Provenance(
                host: "h", cpuModel: "c", threads: 1, version: "v", startedAt: 1, endedAt: 2, wallSeconds: 1,
                peakRSSBytes: 0)
            _ = try store.transaction {
                try $0.complete(task.lease, metrics: Metrics(["value": 0]), provenance: provenance, now: 2)
            }
        }
    }

    /// A point of the sweep between its grid values, with its two seeds.
    func point(_ a: Double, _ b: Double) -> [TaskSpec] {
        (0..<2).map { seed in
            TaskSpec(
                experiment: "noop",
                parameters: Parameters(["a": .number(a), "b": .number(b), "seed": .number(Double(seed))]))
        }
    }

    @Test func aRoundIsDueOnceEveryTaskHasEndedAndKeepsWorkersWaiting() throws {
        let store = try TaskStore(path: directory.file("r.sqlite"))
        #expect(try submit(store).added == 8)
        #expect(try store.progress(sweep: "r")[0].refinement == RefinementProgress(round: 0, rounds: 2))
        #expect(try store.refinementsDue().isEmpty)
        try finishAll(store)
        let due = try store.refinementsDue()
        #expect(due.map(\.sweep) == ["r"] && due[0].round == 0 && due[0].source == Self.file)
        let depth = try store.queueDepth()
        #expect(depth.pending == 0 && depth.running == 0 && depth.refining == 1 && !depth.isIdle)
        #expect(try !store.progress(sweep: "r")[0].finished)

        let first = try store.transaction { try $0.recordRefinement(sweep: "r", round: 0, points: [point(0.5, 0)]) }
        #expect(first?.added == 2 && first?.progress == RefinementProgress(round: 1, rounds: 2))
        #expect(try store.transaction { try $0.recordRefinement(sweep: "r", round: 0, points: [point(0.5, 1)]) } == nil)
        #expect(try store.refinementsDue().isEmpty && store.progress(sweep: "r")[0].pending == 2)
        // Resubmitting the file adds nothing and keeps the round.
        #expect(try submit(store) == SubmitOutcome(sweep: "r", added: 0, existing: 8))
        #expect(try store.progress(sweep: "r")[0].refinement?.round == 1)
        try finishAll(store)

        // 10 tasks, room for 3 more: the third point does not fit, so the round ends the refinement.
        let second = try store.transaction {
            try $0.recordRefinement(sweep: "r", round: 1, points: [point(0.5, 0), point(0.25, 0), point(0.75, 0)])
        }
        #expect(second?.added == 2 && second?.progress == RefinementProgress(round: 2, rounds: 2, end: .taskLimit))
        #expect(try store.queueDepth().refining == 0 && store.progress(sweep: "r")[0].total == 12)
    }

    @Test func aRoundWithNothingNewConvergesAndANewBlockRefinesOn() throws {
        let store = try TaskStore(path: directory.file("c.sqlite"))
        _ = try submit(store)
        try finishAll(store)
        let converged = try store.transaction { try $0.recordRefinement(sweep: "r", round: 0, points: [point(0, 0)]) }
        #expect(converged?.progress == RefinementProgress(round: 0, rounds: 2, end: .converged))
        #expect(try store.progress(sweep: "r")[0].finished)
        #expect(try submit(store, Self.file.replacingOccurrences(of: "rounds: 2", with: "rounds: 3")).added == 0)
        #expect(try store.progress(sweep: "r")[0].refinement == RefinementProgress(round: 0, rounds: 3))
        try store.transaction { try $0.endRefinement(sweep: "r", round: 0, .failed("unknown metric 'value'")) }
        let ended = try store.progress(sweep: "r")[0].refinement
        #expect(
            ended?.end == .failed("unknown metric 'value'") && ended?.summary == "0/3 failed: unknown metric 'value'")
    }

    @Test func aVersionFiveDatabaseGainsRefinement() throws {
        let path = directory.file("v5.sqlite")
        do {
            let store = try TaskStore(path: path)
            _ = try submit(store, "name: old\nexperiment: noop\ngrid: {a: [1]}\n")
            try store.connection.execute(
                """
                ALTER TABLE sweeps DROP COLUMN refine; ALTER TABLE sweeps DROP COLUMN refine_round;
                ALTER TABLE sweeps DROP COLUMN refine_end; PRAGMA user_version = 5
                """)
        }
        let reader = try TaskStore(path: path, readOnly: true)
        #expect(try reader.progress(sweep: "old").first?.refinement == nil)
        #expect(try reader.refinementsDue().isEmpty && reader.queueDepth().refining == 0)
        let store = try TaskStore(path: path)
        #expect(try submit(store).added == 8)
        #expect(try store.progress(sweep: "r")[0].refinement?.rounds == 2)
        #expect(try store.progress(sweep: "old")[0].refinement == nil)
    }
}
