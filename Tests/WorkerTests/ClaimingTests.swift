import SweepModel
import Testing
import Worker

/// How much the worker claims, and when it stops claiming.
@Suite struct ClaimingTests {
    @Test func withExitWhenIdleTheWorkerReportsThenEndsWhenTheCoordinatorIsIdle() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.begin()
        let summary = try await fixture.summary()
        let kinds = fixture.coordinator.received.map(\.request.kind).filter { $0 != "heartbeat" }
        #expect(kinds == ["claim", "complete", "claim"])
        #expect(fixture.coordinator.claims.allSatisfy { $0.returnWhenIdle })
        #expect(summary.ran == 1 && summary.accepted == 1)
    }

    @Test func maxTasksCapsTheClaimsAndEndsTheWorker() async throws {
        let fixture = WorkerFixture(maxTasks: 3)
        fixture.coordinator.add(WorkerFixture.tasks(1...10))
        fixture.begin()
        let summary = try await fixture.summary()
        #expect(fixture.coordinator.claims.map(\.limit) == [1, 2])
        #expect(fixture.runner.started == ["t1", "t2", "t3"])
        #expect(fixture.coordinator.pendingCount == 7)
        #expect(summary.ran == 3 && summary.accepted == 3 && summary.released == 0)
    }

    @Test func theDeadlineCapsClaimsAndStopsTheWorkerBeforeATaskWouldOverrunIt() async throws {
        // 20 s tasks, 90 s before the deadline less its margin.
        let fixture = WorkerFixture(
            batch: 8, deadlineAfter: 100, deadlineMargin: 10, standard: .succeed(seconds: 20))
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.begin()
        #expect(await eventually { fixture.coordinator.claims.count == 2 })
        fixture.coordinator.add(WorkerFixture.tasks(2...10))
        let summary = try await fixture.summary()
        // After the first task, 70 s are left: room for 3 more; after the fourth, 10 s: none.
        #expect(fixture.coordinator.claims.map(\.limit) == [8, 3])
        #expect(fixture.runner.started == ["t1", "t2", "t3", "t4"])
        #expect(fixture.coordinator.pendingCount == 6)
        #expect(summary.stoppedAtDeadline)
        #expect(summary.accepted == 4)
    }

    @Test func aWorkerWhoseDeadlineHasPassedClaimsNothing() async throws {
        let fixture = WorkerFixture(deadlineAfter: 5, deadlineMargin: 10)
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.begin()
        let summary = try await fixture.summary()
        #expect(fixture.coordinator.claims.isEmpty)
        #expect(summary.stoppedAtDeadline && summary.ran == 0)
    }

    @Test func theBatchSizeAdaptsToTheLengthOfTheTasks() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        fixture.runner.set(.succeed(seconds: 0.125), for: "t1")
        for key in ["t2", "t3", "t4", "t5"] { fixture.runner.set(.succeed(seconds: 2), for: key) }
        fixture.coordinator.add(WorkerFixture.tasks(1...6))
        fixture.coordinator.becomeIdle()
        fixture.begin()
        let summary = try await fixture.summary()
        // Half a second of work per claim: one task to start with, then 0.5 / 0.125 = 4, then one once the
        // moving average of the run times passes half a second.
        #expect(fixture.coordinator.claims.map(\.limit) == [1, 4, 1, 1])
        #expect(summary.accepted == 6)
    }
}
