import SweepModel
import Testing
import WireProtocol
import Worker

/// Heartbeats keep every held lease alive; a lease the coordinator calls lost is given up.
@Suite struct LeaseTests {
    @Test func heartbeatsComeAtTheCoordinatorsIntervalAndCarryEveryHeldLeaseAndTheRunningOne() async throws {
        let fixture = WorkerFixture(batch: 3, heartbeatSeconds: 10, standard: .block)
        fixture.runner.progress = "{\"step\":1}"
        fixture.coordinator.add(WorkerFixture.tasks(1...3))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        #expect(await eventually(advancing: fixture.clock, by: 0.5) { fixture.coordinator.heartbeats.count >= 3 })
        let beats = fixture.coordinator.heartbeats
        let first = WorkerFixture.task(1).lease
        for beat in beats {
            #expect(beat.leases == WorkerFixture.tasks(1...3).map(\.lease))
            #expect(
                beat.running == [
                    RunReport(
                        taskID: first.taskID, attemptID: first.attemptID, startedAt: fixture.start,
                        progress: "{\"step\":1}")
                ])
        }
        for (earlier, later) in zip(beats, beats.dropFirst()) {
            #expect(later.at - earlier.at >= 10 && later.at - earlier.at <= 10.5)
        }
        #expect(fixture.clock.requestedSleeps.filter { $0 == 10 }.count >= 2)
        await fixture.worker.stop()
        _ = try await fixture.summary(advancing: fixture.clock)
    }

    @Test func theFirstHeartbeatKeepsAShortIntervalOfTheCoordinator() async throws {
        let fixture = WorkerFixture(heartbeatSeconds: 1, standard: .block)
        fixture.coordinator.add(WorkerFixture.tasks(1...1))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        #expect(await eventually(advancing: fixture.clock, by: 0.05) { !fixture.coordinator.heartbeats.isEmpty })
        let first = try #require(fixture.coordinator.heartbeats.first)
        #expect(first.at - fixture.start <= 1.5)
        await fixture.worker.stop()
        _ = try await fixture.summary(advancing: fixture.clock)
    }

    @Test func aLostLeaseCancelsTheRunningTaskAndItsResultIsDropped() async throws {
        let fixture = WorkerFixture(batch: 2, exitWhenIdle: true)
        fixture.runner.set(.block, for: "t1")
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        fixture.coordinator.becomeIdle()
        let (first, second) = (WorkerFixture.task(1).lease, WorkerFixture.task(2).lease)
        fixture.coordinator.lose([first])
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.runner.cancelledAt["t1"] != nil)
        #expect(fixture.runner.started == ["t1", "t2"])
        #expect(fixture.coordinator.completions.flatMap(\.leases) == [second])
        #expect(fixture.coordinator.failureTexts.isEmpty)
        #expect(fixture.coordinator.releases.allSatisfy { !$0.contains(first) })
        #expect(summary.ran == 2)
        #expect(summary.accepted == 1)
    }

    @Test func lostLeasesOfUnstartedTasksLeaveTheQueue() async throws {
        let fixture = WorkerFixture(batch: 3, exitWhenIdle: true)
        fixture.runner.set(.block, for: "t1")
        fixture.coordinator.add(WorkerFixture.tasks(1...3))
        fixture.coordinator.becomeIdle()
        let leases = WorkerFixture.tasks(1...3).map(\.lease)
        fixture.coordinator.lose([leases[1]])
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        #expect(await eventually(advancing: fixture.clock, by: 0.5) { fixture.coordinator.heartbeats.count >= 2 })
        #expect(fixture.coordinator.heartbeats[0].leases == leases)
        #expect(fixture.coordinator.heartbeats[1].leases == [leases[0], leases[2]])
        fixture.runner.release("t1")
        let summary = try await fixture.summary()
        #expect(fixture.runner.started == ["t1", "t3"])
        #expect(fixture.coordinator.stored == [leases[0], leases[2]])
        #expect(fixture.coordinator.releases.allSatisfy { !$0.contains(leases[1]) })
        #expect(summary.ran == 2)
    }
}
