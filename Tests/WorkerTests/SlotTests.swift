import SweepModel
import Testing
import WireProtocol
import Worker

/// A worker with several slots runs as many tasks at once as its cores, memory and GPUs hold, each holding its
/// share alone.
@Suite struct SlotTests {
    static func task(_ id: Int64, cores: Int = 0, gpus: Int = 0) -> LeasedTask {
        var task = WorkerFixture.task(id)
        task.requirements = Requirements(cores: cores, gpus: gpus)
        return task
    }

    @Test func tasksRunAtOnceUpToTheSlotsAndAFreedSlotIsClaimedAgain() async throws {
        let fixture = WorkerFixture(heartbeatSeconds: 5, standard: .block, cores: 4, slots: 4)
        fixture.coordinator.add(WorkerFixture.tasks(1...6))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1", "t2", "t3", "t4"] })
        let first = try #require(fixture.coordinator.claims.first)
        #expect(first.free == WorkerResources(slots: 4, cores: 4, memoryMB: 2048))
        #expect(first.limit == 4 && first.rounds == 1)
        #expect(fixture.coordinator.claims.count == 1)

        await fixture.clock.advance(by: 5)
        #expect(await eventually { fixture.coordinator.heartbeats.last?.running.count == 4 })
        fixture.runner.release("t2")
        #expect(await eventually { fixture.runner.started.count == 5 })
        #expect(fixture.coordinator.claims.last?.free == WorkerResources(slots: 1, cores: 1, memoryMB: 2048))
        #expect(fixture.coordinator.stored == [WorkerFixture.task(2).lease])
        await fixture.worker.stop()
        for key in ["t1", "t3", "t4", "t5"] { fixture.runner.release(key) }
        _ = try await fixture.summary(advancing: fixture.clock)
    }

    @Test func eachRunHoldsTheCoresItsTaskDeclared() async throws {
        let fixture = WorkerFixture(batch: 3, standard: .block, cores: 4, slots: 4)
        fixture.coordinator.add((1...3).map { Self.task($0, cores: 2) })
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1", "t2"] })
        #expect(fixture.runner.resources.map(\.cores) == [2, 2])
        fixture.runner.release("t1")
        #expect(await eventually { fixture.runner.started == ["t1", "t2", "t3"] })
        await fixture.worker.stop()
        for key in ["t2", "t3"] { fixture.runner.release(key) }
        _ = try await fixture.summary(advancing: fixture.clock)
    }

    @Test func noTwoRunsHoldTheSameGPU() async throws {
        let fixture = WorkerFixture(batch: 3, standard: .block, cores: 4, slots: 4, gpuIDs: ["0", "1"])
        fixture.coordinator.add((1...3).map { Self.task($0, gpus: 1) })
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1", "t2"] })
        #expect(fixture.runner.resources.map(\.gpuIDs) == [["0"], ["1"]])
        fixture.runner.release("t1")
        #expect(await eventually { fixture.runner.started == ["t1", "t2", "t3"] })
        #expect(fixture.runner.resources.last?.gpuIDs == ["0"])
        await fixture.worker.stop()
        for key in ["t2", "t3"] { fixture.runner.release(key) }
        _ = try await fixture.summary(advancing: fixture.clock)
    }

    @Test func aStopCancelsEveryRunningTaskAndGivesEveryLeaseBack() async throws {
        let fixture = WorkerFixture(batch: 6, stopGrace: 2, standard: .block, cores: 4, slots: 4)
        fixture.coordinator.add(WorkerFixture.tasks(1...6))
        fixture.begin()
        #expect(await eventually { fixture.runner.started.count == 4 })
        await fixture.worker.stop()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(Set(fixture.runner.cancelledAt.keys) == ["t1", "t2", "t3", "t4"])
        #expect(Set(fixture.coordinator.releases.flatMap { $0 }) == Set(WorkerFixture.tasks(1...6).map(\.lease)))
        #expect(summary.released == 6)
    }

    @Test func withIdleExitTheWorkerEndsAfterThatLongWithNothingToRun() async throws {
        let fixture = WorkerFixture(idleExit: 30)
        fixture.begin()
        let start = fixture.clock.now()
        let summary = try await fixture.summary(advancing: fixture.clock, step: 1)
        #expect(summary.ran == 0)
        #expect(fixture.clock.now() - start >= 30 && fixture.clock.now() - start < 35)
        #expect(fixture.coordinator.claims.allSatisfy { $0.waitSeconds <= 30 })
    }
}
