import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Retry budgets")
struct RetryBudgetTests {
    let sweep = "name: s\nexperiment: noop\ngrid: {a: [1]}\n"

    @Test func lostLeasesFailTheTaskOnlyWhenTheirOwnBudgetIsSpent() async throws {
        let harness = try await CoordinatorHarness(
            leaseSeconds: 10, limits: RetryLimits(maxLostLeases: 2, maxFailures: 2))
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let first = try #require(try await harness.claim(worker).tasks.first)
        #expect(first.previousAttempts == 0)
        #expect(try await harness.fail(worker, first.lease))
        let second = try #require(try await harness.claim(worker).tasks.first)
        #expect(second.previousAttempts == 1)
        await harness.clock.advance(by: 10)
        try await harness.core.expireLeases()
        #expect(try await harness.records("s").first?.state == .pending)
        _ = try await harness.claim(worker)
        await harness.clock.advance(by: 10)
        try await harness.core.expireLeases()
        let record = try #require(try await harness.records("s").first)
        #expect(record.state == .failed)
        #expect(record.error?.contains("lease lost 2 times") == true)
        #expect(try await harness.history(first.lease.taskID) == [.failed, .lost, .lost])
    }

    @Test func failuresFailTheTaskWhenTheirBudgetIsSpent() async throws {
        let harness = try await CoordinatorHarness(limits: RetryLimits(maxLostLeases: 5, maxFailures: 2))
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        for attempt in 1...2 {
            let task = try #require(try await harness.claim(worker).tasks.first)
            #expect(try await harness.fail(worker, task.lease, error: "attempt \(attempt) diverged"))
        }
        let record = try #require(try await harness.records("s").first)
        #expect(record.state == .failed && record.error == "attempt 2 diverged")
        #expect(try await harness.claim(worker).tasks.isEmpty)
        #expect(await harness.core.counters.failures == 2)
    }

    @Test func requeueingAFailedTaskGivesItFreshBudgets() async throws {
        let harness = try await CoordinatorHarness(limits: RetryLimits(maxLostLeases: 5, maxFailures: 1))
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let task = try #require(try await harness.claim(worker).tasks.first)
        #expect(try await harness.fail(worker, task.lease))
        guard case .controlled(let reply) = await harness.control("s", .requeue, states: [.failed]) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(reply.changed == 1)
        let again = try #require(try await harness.claim(worker).tasks.first)
        #expect(again.previousAttempts == 0)
    }
}
