import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Leases on the coordinator's clock")
struct LeaseTests {
    let sweep = "name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4]}\n"

    @Test func aClaimLeasesTheTaskToTheWorker() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let reply = try await harness.claim(worker, limit: 2)
        #expect(reply.tasks.count == 2)
        #expect(try await harness.progress("s").running == 2)
        let status = await harness.core.handle(.workers, from: nil)
        guard case .workers(let workers) = status else { throw Unexpected(status) }
        #expect(workers.workers.map(\.leases.count) == [2])
    }

    @Test func aHeartbeatSaysWhichLeasesRunAndHowFarTheyHaveComeAndNobodyElseCanSay() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let leases = try await harness.claim(worker, limit: 3).tasks.map(\.lease)
        let intruder = await harness.worker("w2")
        let first = RunReport(
            taskID: leases[0].taskID, attemptID: leases[0].attemptID, startedAt: 5, progress: "{\"epoch\":2}")
        let forged = RunReport(taskID: leases[1].taskID, attemptID: leases[1].attemptID, startedAt: 5)
        #expect(try await harness.heartbeat(intruder, [], running: [forged]).isEmpty)
        #expect(try await harness.heartbeat(worker, leases, running: [first]).isEmpty)
        let progress = try await harness.progress("s")
        #expect((progress.running, progress.started, progress.leasedNotStarted) == (3, 1, 2))
        let status = await harness.core.handle(.workers, from: nil)
        guard case .workers(let workers) = status else { throw Unexpected(status) }
        #expect(workers.workers.first { $0.id == "w1" }?.running == [first])
        #expect(workers.workers.first { $0.id == "w2" }?.running == [])
    }

    @Test func aLeaseExpiresAtExactlyItsTTLOnTheClock() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 30)
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        await harness.clock.advance(by: 29.999)
        #expect(try await harness.core.expireLeases() == 0)
        await harness.clock.advance(by: 0.001)
        #expect(try await harness.core.expireLeases() == 1)
        #expect(try await harness.history(lease.taskID) == [.lost])
        #expect(try await harness.progress("s").pending == 4)
    }

    @Test func heartbeatsRenewTheLeaseFromTheirOwnTime() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 30)
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        for _ in 0..<4 {
            await harness.clock.advance(by: 20)
            #expect(try await harness.heartbeat(worker, [lease]).isEmpty)
            #expect(try await harness.core.expireLeases() == 0)
        }
        await harness.clock.advance(by: 30)
        #expect(try await harness.core.expireLeases() == 1)
        #expect(try await harness.heartbeat(worker, [lease]) == [lease])
    }

    @Test func theReaperRequeuesExpiredLeasesOnItsCadence() async throws {
        let harness = try await CoordinatorHarness(leaseSeconds: 8)
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        _ = try await harness.claim(worker, limit: 4)
        let reaper = Task { try await LeaseReaper(core: harness.core, logger: .init(label: "t")).run() }
        defer { reaper.cancel() }
        for _ in 0..<6 {
            await harness.clock.advance(by: 2)
            if try await harness.progress("s").pending == 4 { break }
        }
        #expect(try await harness.progress("s").pending == 4)
        #expect(await harness.core.counters.leaseExpiries == 4)
    }

    @Test func aReleasedLeaseIsPendingAgainAtOnceWithoutPenalty() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        #expect(try await harness.release(worker, [lease]) == [true])
        #expect(try await harness.release(worker, [lease]) == [false])
        #expect(try await harness.history(lease.taskID) == [.released])
        let record = try #require(try await harness.records("s").first { $0.taskID == lease.taskID })
        #expect(record.state == .pending && record.attempts == 1)
        #expect(try await harness.claim(worker, limit: 4).tasks.count == 4)
    }

    @Test func claimsGoToTheHighestPriorityAndFitTheWorker() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: low\nexperiment: noop\ngrid: {a: [1, 2]}\n")
        try await harness.submit("name: high\nexperiment: noop\ngrid: {b: [1, 2]}\npriority: 5\n")
        try await harness.submit("name: big\nexperiment: noop\ngrid: {n: [1]}\npriority: 9\nrequires: {cores: 16}\n")
        let small = await harness.worker("small", cores: 4)
        let first = try await harness.claim(small, limit: 2)
        #expect(first.tasks.map { $0.parameters["b"] != nil } == [true, true])
        let big = await harness.worker("big", cores: 32)
        let second = try await harness.claim(big, limit: 1)
        #expect(second.tasks.first?.parameters["n"] != nil)
    }
}
