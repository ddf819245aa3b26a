import SweepModel
import Testing

@testable import Coordinator

@Suite("Fair share of the queue")
struct FairShareTests {
    @Test func aClaimTakesAtMostItsShareAmongConnectedWorkers() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n")
        let first = await harness.worker("w1")
        let second = await harness.worker("w2")
        let third = await harness.worker("w3")
        #expect(try await harness.claim(first, limit: 100).tasks.count == 4)
        await harness.clock.advance(by: 1)
        #expect(try await harness.claim(second, limit: 100).tasks.count == 2)
        await harness.clock.advance(by: 1)
        #expect(try await harness.claim(third, limit: 100).tasks.count == 2)
    }

    @Test func aLoneWorkerGetsWhatItAsksFor() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n")
        let worker = await harness.worker("w1")
        #expect(try await harness.claim(worker, limit: 7).tasks.count == 7)
    }

    @Test func aDisconnectedWorkerNoLongerCountsTowardTheShare() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4, 5, 6, 7, 8]}\n")
        let first = await harness.worker("w1")
        _ = await harness.worker("w2")
        await harness.core.workerDisconnected("w2")
        #expect(try await harness.claim(first, limit: 100).tasks.count == 8)
    }
}
