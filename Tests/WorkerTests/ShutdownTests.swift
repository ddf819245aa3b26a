import Logging
import ServiceLifecycle
import SweepModel
import Testing
import WireProtocol
import Worker

/// A stop claims nothing more, gives back unstarted leases, gives the running task its grace, then cancels it
/// and gives its lease back too.
@Suite struct ShutdownTests {
    let leases = WorkerFixture.tasks(1...2).map(\.lease)

    @Test func aStopGivesTheRunningTaskItsGraceThenCancelsItAndReleasesEveryLease() async throws {
        let fixture = WorkerFixture(batch: 2, stopGrace: 4, standard: .block)
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        await fixture.worker.stop()
        let stoppedAt = fixture.clock.now()
        #expect(await eventually { fixture.clock.requestedSleeps.contains(4) })
        await fixture.clock.advance(by: 3.9)
        #expect(fixture.runner.cancelledAt.isEmpty)
        #expect(fixture.coordinator.releases.isEmpty)

        let summary = try await fixture.summary(advancing: fixture.clock)
        let cancelledAt = try #require(fixture.runner.cancelledAt["t1"])
        #expect(cancelledAt - stoppedAt >= 4 && cancelledAt - stoppedAt < 4.5)
        #expect(fixture.coordinator.releases == [leases])
        #expect(fixture.runner.started == ["t1"])
        #expect(fixture.coordinator.completions.isEmpty && fixture.coordinator.failureTexts.isEmpty)
        #expect(fixture.coordinator.claims.count == 1)
        #expect(summary.released == 2)
    }

    @Test func aRunThatIgnoresCancellationIsAbandonedAfterItsGrace() async throws {
        let fixture = WorkerFixture(batch: 2, stopGrace: 2, standard: .blockIgnoringCancellation)
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        await fixture.worker.stop()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.runner.cancelledAt["t1"] != nil)
        #expect(fixture.coordinator.releases == [leases])
        #expect(summary.released == 2)
        fixture.runner.release("t1")
    }

    @Test func theWorkerWaitsForAStoppedRunToEndBeforeItExitsWithinItsBound() async throws {
        let fixture = WorkerFixture(batch: 2, stopGrace: 1, stoppedRuns: 12, standard: .blockIgnoringCancellation)
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        await fixture.worker.stop()
        #expect(await eventually(advancing: fixture.clock, by: 0.1) { !fixture.coordinator.releases.isEmpty })
        #expect(fixture.coordinator.releases == [leases])
        #expect(await eventually { fixture.clock.requestedSleeps.contains(12) })
        await fixture.clock.advance(by: 5)
        for _ in 0..<200 { await Task.yield() }
        #expect(!fixture.hasFinished)
        fixture.runner.release("t1")
        let summary = try await fixture.summary()
        #expect(summary.released == 2)
        #expect(fixture.coordinator.completions.isEmpty)
    }

    @Test func aStoppedRunThatNeverEndsHoldsTheWorkerOnlyForItsBound() async throws {
        let fixture = WorkerFixture(batch: 2, stopGrace: 1, stoppedRuns: 12, standard: .blockIgnoringCancellation)
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        let stoppedAt = fixture.clock.now()
        await fixture.worker.stop()
        _ = try await fixture.summary(advancing: fixture.clock, step: 0.5)
        let waited = fixture.clock.now() - stoppedAt
        #expect(waited >= 13 && waited < 16)
        fixture.runner.release("t1")
    }

    @Test func aStopDuringALongPollEndsTheClaimAndTheWorker() async throws {
        let fixture = WorkerFixture()
        fixture.begin()
        #expect(await eventually { fixture.coordinator.claims.count == 1 })
        await fixture.worker.stop()
        let summary = try await fixture.summary()
        #expect(summary == WorkerSummary())
        #expect(fixture.coordinator.releases.isEmpty)
    }

    @Test func theServiceGroupsGracefulShutdownStopsTheWorkerAsAStopDoes() async throws {
        let fixture = WorkerFixture(batch: 2, stopGrace: 1, standard: .block)
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        let group = fixture.serviceGroup()
        fixture.begin(group)
        #expect(await eventually { fixture.runner.started == ["t1"] })
        await group.triggerGracefulShutdown()
        let ending = try #require(await fixture.ending(advancing: fixture.clock))
        #expect(throws: Never.self) { try ending.get() }
        #expect(fixture.runner.cancelledAt["t1"] != nil)
        #expect(fixture.coordinator.releases == [leases])
        #expect(await fixture.worker.summary.released == 2)
    }

    @Test func aWorkerThatEndsOnItsOwnEndsItsServiceGroupWithoutAnError() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.begin(fixture.serviceGroup())
        let ending = try #require(await fixture.ending())
        #expect(throws: Never.self) { try ending.get() }
        #expect(await fixture.worker.summary.accepted == 1)
    }

    @Test func aRefusalEndsTheServiceGroupWithTheRefusal() async throws {
        let fixture = WorkerFixture()
        let refusal = Refusal(code: .badToken, message: "the token does not match the coordinator's")
        fixture.coordinator.answerConnects([.refuse(refusal)])
        fixture.begin(fixture.serviceGroup())
        let ending = try #require(await fixture.ending())
        #expect(throws: refusal) { try ending.get() }
    }
}
