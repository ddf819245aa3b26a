import SweepModel
import Testing
import WireProtocol

@testable import Coordinator

@Suite("Pilot jobs: work demand and reports")
struct PilotTests {
    func demand(_ harness: CoordinatorHarness, _ sweeps: [String] = []) async throws -> WorkDemand {
        let response = await harness.core.handle(.demand(DemandRequest(sweeps: sweeps)), from: nil)
        guard case .demand(let demand) = response else { throw Unexpected(response) }
        return demand
    }

    func workers(_ harness: CoordinatorHarness) async throws -> WorkersReply {
        let response = await harness.core.handle(.workers, from: nil)
        guard case .workers(let reply) = response else { throw Unexpected(response) }
        return reply
    }

    @Test func demandGroupsUnfinishedTasksByWhatTheyNeedAndCountsSharedTasksOnce() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: small\nexperiment: noop\ngrid: {a: [1, 2, 3, 4]}\n")
        try await harness.submit("name: same\nexperiment: noop\ngrid: {a: [3, 4, 5]}\n")
        try await harness.submit("name: big\nexperiment: noop\nrequires: {cores: 4, gpus: 1}\ngrid: {b: [1, 2]}\n")
        let worker = await harness.worker("w1")
        let lease = try #require(try await harness.claim(worker).tasks.first).lease
        #expect(try await harness.complete(worker, lease, value: 1))
        _ = try await harness.claim(worker)

        let all = try await demand(harness)
        #expect(
            all.groups == [
                WorkDemand.Group(requirements: Requirements(), pending: 3, running: 1),
                WorkDemand.Group(requirements: Requirements(cores: 4, gpus: 1), pending: 2),
            ])
        #expect(!all.finished)
        #expect(try await demand(harness, ["same"]).pending + demand(harness, ["same"]).running == 3)
        #expect(try await demand(harness, ["big"]).groups.map(\.requirements) == [Requirements(cores: 4, gpus: 1)])

        _ = await harness.control("big", .pause)
        #expect(try await demand(harness).groups.count == 1)  // a paused sweep is not watched by default
        #expect(try await demand(harness, ["big"]).held == 2)
        _ = await harness.control("big", .cancel)
        #expect(try await demand(harness, ["big"]).finished)

        let unknown = await harness.core.handle(.demand(DemandRequest(sweeps: ["nope"])), from: nil)
        guard case .refused(let refusal) = unknown else { throw Unexpected(unknown) }
        #expect(refusal.code == .notFound)
        #expect(refusal.message.contains("nope"))
    }

    @Test func workersShowReportedPilotsWithTheirWorkersAndTheTasksTheyDid() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\n")
        let report = PilotReport(
            allocator: "me/pilots",
            pilots: [
                PilotJob(jobID: "41", state: "RUNNING", submittedAt: 10),
                PilotJob(jobID: "42", state: "PENDING", submittedAt: 11),
            ])
        #expect(await harness.core.handle(.pilots(report), from: nil) == .pilotsRecorded)
        let info = WorkerInfo(
            id: "w41", host: "node1", cpuModel: "cpu", threads: 1, pid: 1, version: "test",
            capacity: WorkerResources(slots: 1, cores: 1, memoryMB: 1024), slurmJobID: "41")
        await harness.core.workerConnected(info)
        let first = try #require(try await harness.claim(info).tasks.first).lease
        #expect(try await harness.complete(info, first, value: 1))
        _ = try await harness.claim(info)

        let live = try await workers(harness)
        #expect(live.workers.first?.slurmJobID == "41")
        #expect(live.pilots.map(\.job.jobID) == ["41", "42"])
        #expect(live.pilots[0].workers == ["w41"])
        #expect(live.pilots[0].holding == 1)
        #expect(live.pilots[0].tasksDone == 1)
        #expect(live.pilots[1].workers.isEmpty)

        await harness.core.workerDisconnected("w41")
        var ended = report
        ended.pilots[0].state = "ENDED"
        _ = await harness.core.handle(.pilots(ended), from: nil)
        let after = try await workers(harness)
        #expect(after.workers.isEmpty)
        #expect(after.pilots.map(\.job.state) == ["ENDED", "PENDING"])
        #expect(after.pilots[0].tasksDone == 1)
        #expect(after.pilots[0].workers.isEmpty)
    }
}
