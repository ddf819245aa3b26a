import SweepModel
import TaskStore
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Sweep commands seen by workers")
struct SweepCommandTests {
    let sweep = "name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\n"

    @Test func cancelIsSeenAtTheNextHeartbeat() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        guard case .controlled(let reply) = await harness.control("s", .cancel) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(reply.changed == 3)
        #expect(try await harness.heartbeat(worker, [lease]) == [lease])
        #expect(try await harness.history(lease.taskID) == [.cancelled])
        #expect(try await harness.claim(worker).tasks.isEmpty)
    }

    @Test func pauseStopsHandingOutTasksButRunningLeasesStillRenew() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        _ = await harness.control("s", .pause)
        #expect(try await harness.heartbeat(worker, [lease]).isEmpty)
        #expect(try await harness.claim(worker, limit: 3).tasks.isEmpty)
        #expect(try await harness.complete(worker, lease, value: 1))
        _ = await harness.control("s", .resume)
        #expect(try await harness.claim(worker, limit: 3).tasks.count == 2)
    }

    @Test func pauseWithStopRunningEndsRunningLeasesAtNoCostAndResumeRunsThemAgain() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        guard case .controlled(let reply) = await harness.control("s", .pause, stopRunning: true) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(reply.changed == 3)
        #expect(try await harness.heartbeat(worker, [lease]) == [lease])
        #expect(try await harness.history(lease.taskID) == [.paused])
        #expect(try await harness.progress("s").held == 3)
        #expect(try await harness.claim(worker, limit: 3).tasks.isEmpty)
        _ = await harness.control("s", .resume)
        let again = try await harness.claim(worker, limit: 3).tasks
        #expect(again.count == 3)
        #expect(again.first { $0.lease.taskID == lease.taskID }?.previousAttempts == 0)  // no cost to its budgets
        #expect(try await harness.complete(worker, lease, value: 1) == false)
    }

    @Test func aWaitingClaimWakesWhenAPausedSweepResumes() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        _ = await harness.control("s", .pause)
        let worker = await harness.worker("w1")
        let claim = Task { try await harness.claim(worker, limit: 3, wait: 60) }
        try await harness.untilWaitingClaims(1)
        _ = await harness.control("s", .resume)
        #expect(try await claim.value.tasks.count == 3)
    }

    @Test func anUnknownSweepIsRefusedAsNotFoundNamingTheKnownOnes() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit(sweep)
        guard case .refused(let refusal) = await harness.control("nope", .pause) else {
            throw Unexpected(.workers(.init(workers: [])))
        }
        #expect(refusal.code == .notFound)
        #expect(refusal.message == "no sweep named 'nope' (sweeps: s)")
        let status = await harness.core.handle(.status(StatusRequest(sweep: "nope")), from: nil)
        guard case .refused(let second) = status else { throw Unexpected(status) }
        #expect(second.code == .notFound)
    }

    @Test func resubmittingAddsNothingAndExtendingAddsOnlyNewPoints() async throws {
        let harness = try await CoordinatorHarness()
        #expect(try await harness.submit(sweep).added == 3)
        #expect(try await harness.submit(sweep).added == 0)
        let extended = try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3, 4]}\n")
        #expect(extended.added == 1 && extended.existing == 3)
    }

    @Test func aBadSweepFileIsRefusedAndStoresNothing() async throws {
        let harness = try await CoordinatorHarness()
        let response = await harness.core.handle(
            .submit(SubmitRequest(file: "bad.yaml", text: "name: s\ngrid: {a: [1]}\n")), from: nil)
        guard case .refused(let refusal) = response else { throw Unexpected(response) }
        #expect(refusal.code == .badRequest && refusal.message.contains("bad.yaml"))
        #expect(try await harness.store.perform { try $0.sweepNames() }.isEmpty)
    }

    @Test func aSubmitIsCheckedAsCompletelyAsTheCLIChecksIt() async throws {
        let harness = try await CoordinatorHarness()
        let files = [
            "name: s\nexperiment: nosuch\n",
            "name: s\nexperiment: multimodal\ngrid: {sigma: [0.1, \"abc\", true]}\n",
            "name: s\nexperiment: gibbs\nparams: {quadrature_nodes: -3}\n",
            "name: s\nexperiment: noop\ngrid: {a: {linspace: [0, 1], num: 100000}, b: {linspace: [0, 1], num: 1000}}\n",
        ]
        for text in files {
            let response = await harness.core.handle(.submit(SubmitRequest(file: "raw.yaml", text: text)), from: nil)
            guard case .refused(let refusal) = response else { throw Unexpected(response) }
            #expect(refusal.code == .badRequest && refusal.message.contains("raw.yaml:"), "\(refusal.message)")
        }
        #expect(try await harness.store.perform { try $0.sweepNames() }.isEmpty)
    }
}
