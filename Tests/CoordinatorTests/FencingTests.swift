import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Fencing of late and duplicate results")
struct FencingTests {
    let sweep = "name: s\nexperiment: noop\ngrid: {a: [1]}\n"

    @Test func aResultFromAnExpiredAttemptIsStaleAndNeverReplacesTheAcceptedOne() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 10)
        try await harness.submit(sweep)
        let slow = await harness.worker("slow")
        let fast = await harness.worker("fast")
        let first = try #require(try await harness.claim(slow).tasks.first).lease
        await harness.clock.advance(by: 11)
        #expect(try await harness.core.expireLeases() == 1)
        let second = try #require(try await harness.claim(fast).tasks.first).lease
        #expect(second.taskID == first.taskID && second.attemptID != first.attemptID)
        #expect(try await harness.complete(fast, second, value: 2))
        #expect(try await harness.complete(slow, first, value: 1) == false)
        let record = try #require(try await harness.records("s").first)
        #expect(record.metrics?["value"] == 2)
        #expect(try await harness.history(first.taskID) == [.stale, .accepted])
    }

    @Test func aResultFromASupersededAttemptStillRunningIsStale() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 10)
        try await harness.submit(sweep)
        let slow = await harness.worker("slow")
        let fast = await harness.worker("fast")
        let first = try #require(try await harness.claim(slow).tasks.first).lease
        await harness.clock.advance(by: 10)
        try await harness.core.expireLeases()
        let second = try #require(try await harness.claim(fast).tasks.first).lease
        #expect(try await harness.complete(slow, first, value: 1) == false)
        #expect(try await harness.progress("s").running == 1)
        #expect(try await harness.complete(fast, second, value: 2))
        #expect(try await harness.records("s").first?.metrics?["value"] == 2)
        #expect(await harness.core.counters.completionsRejected == 1)
    }

    @Test func aResentReportOfTheAcceptedAttemptIsAcknowledgedAgain() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        #expect(try await harness.complete(worker, lease, value: 1))
        #expect(try await harness.complete(worker, lease, value: 99))
        #expect(try await harness.records("s").first?.metrics?["value"] == 1)
        #expect(try await harness.history(lease.taskID) == [.accepted])
    }

    @Test func aLateFailureNeverTouchesTheAcceptedResult() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 10)
        try await harness.submit(sweep)
        let slow = await harness.worker("slow")
        let fast = await harness.worker("fast")
        let first = try #require(try await harness.claim(slow).tasks.first).lease
        await harness.clock.advance(by: 10)
        try await harness.core.expireLeases()
        let second = try #require(try await harness.claim(fast).tasks.first).lease
        #expect(try await harness.complete(fast, second, value: 2))
        #expect(try await harness.fail(slow, first) == false)
        let record = try #require(try await harness.records("s").first)
        #expect(record.state == .done && record.error == nil && record.metrics?["value"] == 2)
    }

    @Test func aReportForAnUnknownLeaseIsRejected() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        #expect(try await harness.complete(worker, Lease(taskID: 99, attemptID: 7), value: 1) == false)
        #expect(try await harness.progress("s").pending == 1)
    }

    @Test func acceptedRunsAreCountedPerExperiment() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n")
        let worker = await harness.worker("w1")
        for task in try await harness.claim(worker, limit: 2).tasks {
            #expect(try await harness.complete(worker, task.lease, value: 0))
        }
        let text = try await harness.core.metricsText()
        #expect(text.contains("infosweep_completions_total{outcome=\"accepted\"} 2"))
        #expect(text.contains("infosweep_task_run_seconds_count{experiment=\"noop\"} 2"))
        #expect(text.contains("infosweep_tasks{state=\"done\"} 2"))
    }
}

@Suite("Lease secrets")
struct LeaseSecretTests {
    @Test func nobodyWithoutTheLeaseSecretCanReportOrRenewIt() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let holder = await harness.worker("holder")
        let intruder = await harness.worker("intruder")
        let lease = try #require(try await harness.claim(holder).tasks.first).lease
        #expect(lease.secret.count == 32)
        let forged = Lease(taskID: lease.taskID, attemptID: lease.attemptID, secret: String(repeating: "0", count: 32))
        #expect(try await harness.complete(intruder, forged, value: 666) == false)
        #expect(try await harness.fail(intruder, forged) == false)
        #expect(try await harness.release(intruder, [forged]) == [false])
        #expect(try await harness.heartbeat(intruder, [forged]) == [forged])
        #expect(try await harness.progress("s").running == 1)
        #expect(try await harness.complete(holder, lease, value: 1))
        #expect(try await harness.records("s").first?.metrics?["value"] == 1)
    }

    @Test func aWorkerThatReconnectsStillReportsWithItsSecret() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        await harness.core.workerDisconnected("w1")
        let again = await harness.worker("w1")
        #expect(try await harness.complete(again, lease, value: 1))
    }
}
