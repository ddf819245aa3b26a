import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Long-polling claims")
struct LongPollTests {
    @Test func aWaitingClaimWakesWhenASweepIsSubmitted() async throws {
        let harness = try await CoordinatorHarness()
        let worker = await harness.worker("w1")
        let claim = Task { try await harness.claim(worker, limit: 5, wait: 60) }
        try await harness.untilWaitingClaims(1)
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\n")
        #expect(try await claim.value.tasks.count == 2)
    }

    @Test func aWaitingClaimWakesWhenALeaseIsReleased() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let holder = await harness.worker("holder")
        let waiter = await harness.worker("waiter")
        let lease = try #require(try await harness.claim(holder).tasks.first).lease
        let claim = Task { try await harness.claim(waiter, wait: 60) }
        try await harness.untilWaitingClaims(1)
        _ = try await harness.release(holder, [lease])
        #expect(try await claim.value.tasks.map(\.lease.taskID) == [lease.taskID])
    }

    @Test func aWaitingClaimWakesWhenALeaseExpires() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 10)
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let holder = await harness.worker("holder")
        let waiter = await harness.worker("waiter")
        _ = try await harness.claim(holder)
        let claim = Task { try await harness.claim(waiter, wait: 60) }
        try await harness.untilWaitingClaims(1)
        await harness.clock.advance(by: 10)
        #expect(try await harness.core.expireLeases() == 1)
        #expect(try await claim.value.tasks.count == 1)
    }

    @Test func aWaitingClaimTimesOutEmptyAtItsDeadline() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let holder = await harness.worker("holder")
        let waiter = await harness.worker("waiter")
        _ = try await harness.claim(holder)
        let claim = Task { try await harness.claim(waiter, wait: 20) }
        try await harness.untilWaitingClaims(1)
        await harness.clock.advance(by: 19)
        #expect(await harness.core.waitingClaims == 1)
        await harness.clock.advance(by: 1)
        let reply = try await claim.value
        #expect(reply.tasks.isEmpty && !reply.idle)
    }

    @Test func anIdleQueueAnswersAtOnceWhenAskedTo() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1]}\n")
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        #expect(try await harness.complete(worker, lease, value: 1))
        let reply = try await harness.claim(worker, wait: 60, returnWhenIdle: true)
        #expect(reply.tasks.isEmpty && reply.idle)
    }

    @Test func aCancelledClaimStopsWaiting() async throws {
        let harness = try await CoordinatorHarness()
        let worker = await harness.worker("w1")
        let claim = Task { try await harness.claim(worker, wait: 300) }
        try await harness.untilWaitingClaims(1)
        claim.cancel()
        #expect(try await claim.value.tasks.isEmpty)
        try await harness.untilWaitingClaims(0)
    }
}
