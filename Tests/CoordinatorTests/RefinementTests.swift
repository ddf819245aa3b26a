import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Refinement rounds")
struct RefinementTests {
    static let sweep = """
        name: r
        experiment: noop
        grid: {a: {linspace: [0, 1], num: 5}}
        seeds: 2
        refine: {metric: value, threshold: 0.5, rounds: 2}
        """

    /// Claims every pending task and completes it with a step at a = 0.3; returns the a values it ran.
    func runAll(_ harness: CoordinatorHarness, _ worker: WorkerInfo) async throws -> [Double] {
        let tasks = try await harness.claim(worker, limit: 100).tasks
        for task in tasks {
            let a = task.parameters["a"]!.doubleValue!
            #expect(try await harness.complete(worker, task.lease, value: a > 0.3 ? 1 : 0))
        }
        await harness.core.refinementsSettled()
        return Set(tasks.map { $0.parameters["a"]!.doubleValue! }).sorted()
    }

    @Test func eachEndedRoundAddsTheMidpointsWhereTheMediansCrossUntilTheLastRound() async throws {
        let harness = try await CoordinatorHarness()
        let worker = await harness.worker("w")
        #expect(try await harness.submit(Self.sweep).added == 10)
        #expect(try await runAll(harness, worker) == [0, 0.25, 0.5, 0.75, 1])
        #expect(try await harness.progress("r").refinement == RefinementProgress(round: 1, rounds: 2))
        #expect(try await runAll(harness, worker) == [0.375])
        // The last round is added: refinement has ended, the sweep has not.
        let last = try await harness.progress("r")
        #expect(last.refinement == RefinementProgress(round: 2, rounds: 2, end: .rounds) && !last.finished)
        #expect(try await runAll(harness, worker) == [0.3125])
        let progress = try await harness.progress("r")
        #expect(progress.refinement == RefinementProgress(round: 2, rounds: 2, end: .rounds))
        #expect(progress.total == 14 && progress.finished)
        #expect(try await harness.claim(worker, returnWhenIdle: true).idle)
        // The same file again adds nothing: the refined points stay, and so does the round.
        #expect(try await harness.submit(Self.sweep) == SubmitOutcome(sweep: "r", added: 0, existing: 10))
        #expect(try await harness.progress("r").total == 14)
    }

    @Test func aSweepWhoseCellsCannotBeReadStopsRefiningWithTheReason() async throws {
        let harness = try await CoordinatorHarness()
        let worker = await harness.worker("w")
        try await harness.submit(Self.sweep.replacingOccurrences(of: "metric: value", with: "metric: gap"))
        _ = try await runAll(harness, worker)
        let refinement = try #require(try await harness.progress("r").refinement)
        guard case .failed(let reason) = refinement.end else {
            Issue.record("refinement did not stop: \(refinement)")
            return
        }
        #expect(reason.contains("unknown metric 'gap'"), "\(reason)")
        #expect(try await harness.claim(worker, returnWhenIdle: true).idle)
    }
}
