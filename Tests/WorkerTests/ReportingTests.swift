import SweepModel
import Testing
import WireProtocol
import Worker

/// Results stay in the worker's buffer until the coordinator acknowledges them.
@Suite struct ReportingTests {
    let lease = WorkerFixture.task(1).lease

    @Test func aResultWhoseCompleteFailsIsSentAgainOnTheNextConnectionAndCountedOnce() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.coordinator.drop(onNext: "complete", .dropBeforeHandling)
        fixture.begin()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.coordinator.completions.map(\.link) == [1, 2])
        #expect(fixture.coordinator.completions.map(\.leases) == [[lease], [lease]])
        #expect(fixture.coordinator.stored == [lease])
        #expect(summary.ran == 1)
        #expect(summary.accepted == 1)
    }

    @Test func aResultStoredButNotAcknowledgedIsSentAgainAndCountedOnce() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true)
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.coordinator.drop(onNext: "complete", .dropAfterHandling)
        fixture.begin()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.coordinator.completions.map(\.link) == [1, 2])
        #expect(fixture.coordinator.stored == [lease])
        #expect(summary.accepted == 1)
        #expect(summary.rejected == 0)
    }

    @Test func aResultFinishedAfterTheConnectionDroppedGoesOutOnTheNextOne() async throws {
        let fixture = WorkerFixture(exitWhenIdle: true, standard: .block)
        fixture.coordinator.add([WorkerFixture.task(1)])
        fixture.coordinator.becomeIdle()
        fixture.begin()
        #expect(await eventually { fixture.runner.started == ["t1"] })
        fixture.coordinator.dropLinks()
        fixture.runner.release("t1")
        let summary = try await fixture.summary()
        #expect(fixture.coordinator.completions.map(\.link) == [2])
        #expect(fixture.coordinator.completions.map(\.leases) == [[lease]])
        #expect(summary.accepted == 1)
        #expect(fixture.runner.resources == [GrantedResources(cores: 1)])
    }

    @Test func aResultAcknowledgedBeforeTheFailureReportFailedIsNotSentAgain() async throws {
        let fixture = WorkerFixture(batch: 2, exitWhenIdle: true)
        fixture.runner.set(.fail(RunFailure(kind: .error, message: "boom")), for: "t2")
        fixture.coordinator.add(WorkerFixture.tasks(1...2))
        fixture.coordinator.becomeIdle()
        fixture.coordinator.drop(onNext: "fail", .dropBeforeHandling)
        fixture.begin()
        let summary = try await fixture.summary(advancing: fixture.clock)
        #expect(fixture.coordinator.completions.map(\.leases) == [[lease]])
        #expect(fixture.coordinator.failureTexts == [WorkerFixture.task(2).lease: "error: boom"])
        #expect(summary.accepted == 1 && summary.failed == 1)
    }

    @Test func failuresAreReportedWithTheirKindInTheErrorText() async throws {
        let fixture = WorkerFixture(batch: 3, exitWhenIdle: true)
        fixture.runner.set(.fail(RunFailure(kind: .exit(3), message: "the command exited with status 3")), for: "t1")
        fixture.runner.set(.fail(RunFailure(kind: .signal(9), message: "killed")), for: "t2")
        fixture.runner.set(.fail(RunFailure(kind: .error, message: "noop asked to fail")), for: "t3")
        fixture.coordinator.add(WorkerFixture.tasks(1...4))
        fixture.coordinator.becomeIdle()
        fixture.begin()
        let summary = try await fixture.summary()
        let leases = WorkerFixture.tasks(1...4).map(\.lease)
        #expect(
            fixture.coordinator.failureTexts == [
                leases[0]: "exit 3: the command exited with status 3", leases[1]: "signal 9: killed",
                leases[2]: "error: noop asked to fail",
            ])
        #expect(fixture.coordinator.stored == [leases[3]])
        #expect(summary.failed == 3)
        #expect(summary.accepted == 1)
    }

    @Test func reportsWithLongOutputTailsGoOutInRequestsThatFitAFrame() async throws {
        let tail = String(repeating: "x", count: 64 * 1024)
        let failure = RunFailure(kind: .exit(1), message: "verbose", stdoutTail: tail, stderrTail: tail)
        let fixture = WorkerFixture(batch: 200, exitWhenIdle: true, standard: .fail(failure))
        fixture.coordinator.add(WorkerFixture.tasks(1...200))
        fixture.coordinator.becomeIdle()
        fixture.begin()
        let summary = try await fixture.summary(advancing: fixture.clock)
        let requests = fixture.coordinator.received.compactMap { received -> FailRequest? in
            if case .fail(let request) = received.request { request } else { nil }
        }
        #expect(requests.map(\.failures.count) == [64, 64, 64, 8])
        let codec = MessageCodec()
        for request in requests {
            #expect(try codec.encode(.fail(request), id: 1).readableBytes < WireLimits.maximumFrameLength)
        }
        #expect(summary.failed == 200)
        #expect(Set(requests.flatMap(\.failures).map(\.lease)) == Set(WorkerFixture.tasks(1...200).map(\.lease)))
    }
}
