import CoordinatorClient
import SweepModel
import Testing
import WireProtocol

@testable import Worker

/// Reaching the coordinator: retries that back off, and refusals that end the worker.
@Suite struct ConnectionTests {
    @Test func theReconnectBackoffGrowsOnRefusalsAndConnectionFailures() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        let busy = Refusal(code: .storeUnavailable, message: "the store cannot take writes")
        fixture.coordinator.answerConnects([.unreachable, .refuse(busy), .unreachable, .refuse(busy)])
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.begin()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.coordinator.connects == 5)
        let pauses = fixture.clock.requestedSleeps.filter { $0 < 5 && $0 != TaskWorker.unconnectedPollSeconds }
        try #require(pauses.count == 4)
        for (pause, base) in zip(pauses, [0.1, 0.2, 0.4, 0.8]) {
            #expect(pause >= 0.8 * base && pause <= 1.2 * base)
        }
        #expect(summary.accepted == 1)
    }

    @Test func aCoordinatorThatAcceptsTheHelloAndDropsEveryRequestIsNotHammered() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        for _ in 0..<4 { fixture.coordinator.drop(onNext: "claim", .dropBeforeHandling) }
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.begin()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.coordinator.connects == 5)
        let pauses = fixture.clock.requestedSleeps.filter { $0 < 5 && $0 != TaskWorker.unconnectedPollSeconds }
        try #require(pauses.count >= 4)
        for (pause, base) in zip(pauses, [0.1, 0.2, 0.4, 0.8]) {
            #expect(pause >= 0.8 * base && pause <= 1.2 * base)
        }
        #expect(summary.accepted == 1)
    }

    @Test func aWorkerThatNeverReachesItsCoordinatorFailsAfterItsConnectTimeout() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        fixture.coordinator.answerConnects(Array(repeating: .unreachable, count: 1000))
        fixture.begin()
        let ending = await fixture.ending(advancing: fixture.clock, step: 5)
        guard case .failure(ConnectionError.neverReached(_, let seconds, _)) = ending else {
            Issue.record("the worker did not fail with neverReached: \(String(describing: ending))")
            return
        }
        #expect(seconds == 180)
        #expect(fixture.clock.now() - fixture.start >= 180)
    }

    @Test func theBackoffDoublesFromATenthOfASecondUpToFiveSeconds() {
        var backoff = ReconnectBackoff()
        let pauses = (0..<10).map { _ in backoff.next() }
        for (pause, base) in zip(pauses, [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5, 5]) {
            #expect(pause >= 0.8 * base && pause <= 1.2 * base)
        }
    }

    @Test func aRefusedHelloEndsTheWorkerWithTheRefusal() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        let refusal = Refusal(code: .badToken, message: "the token does not match the coordinator's")
        fixture.coordinator.answerConnects([.refuse(refusal)])
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.begin()
        let ending = try #require(await fixture.ending())
        #expect(throws: refusal) { try ending.get() }
        #expect(fixture.coordinator.connects == 1)
        #expect(fixture.runner.started.isEmpty)
    }
}
