import Logging
import Pilots
import SweepModel
import Synchronization
import Testing
import WireProtocol

@Suite("Pilot allocator")
struct PilotAllocatorTests {
    let slurm = FakeSlurm()

    func allocator(
        _ work: FakeWork, maxJobs: Int = 3, keepRunning: Bool = false, clock: SteppingClock
    ) -> PilotAllocator {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let configuration = AllocatorConfiguration(
            sweeps: ["s"], planner: PilotPlanner(shape: PilotShape(), maxJobs: maxJobs),
            template: PilotJobTemplate(script: "worker.sbatch", jobName: "pilots"), user: "me", intervalSeconds: 5,
            keepRunning: keepRunning, drainSeconds: 30, patienceSeconds: 60)
        return PilotAllocator(
            configuration: configuration, scheduler: slurm, source: work, logger: logger, clock: clock)
    }

    @Test func bringsUpPilotsWithinMaxJobsUntilTheSweepIsDoneAndLeavesNoneBehind() async throws {
        let work = FakeWork(pending: 40)
        let clock = SteppingClock { [slurm] in
            slurm.startQueued()
            work.step(runningPilots: slurm.running)
            if work.finished { slurm.endRunning() }
        }
        let summary = try await allocator(work, clock: clock).allocate()
        #expect(summary.finished)
        #expect(summary.submitted == 3)
        #expect(summary.mostAtOnce == 3)
        #expect(slurm.state.withLock { $0.mostAtOnce } == 3)
        #expect(slurm.state.withLock { $0.jobs.isEmpty })
        let report = try #require(work.lastReport)
        #expect(report.allocator == "me/pilots")
        #expect(report.pilots.map(\.jobID) == ["101", "102", "103"])
        #expect(report.pilots.allSatisfy { $0.state == "ENDED" })
    }

    @Test func pilotsStillRunningAfterTheDrainAreCancelled() async throws {
        let work = FakeWork(pending: 2)
        let clock = SteppingClock { [slurm] in
            slurm.startQueued()
            work.step(runningPilots: slurm.running)
        }
        let summary = try await allocator(work, clock: clock).allocate()
        #expect(summary.finished)
        #expect(slurm.state.withLock { $0.cancelled } == ["101", "102"])
        #expect(slurm.state.withLock { $0.jobs.isEmpty })
        #expect(work.lastReport?.pilots.map(\.state) == ["CANCELLED", "CANCELLED"])
    }

    @Test func aRestartedAllocatorCountsThePilotsItFindsInTheQueue() async throws {
        slurm.add(SlurmJob(id: "7", state: "RUNNING", submittedAt: 1))
        slurm.add(SlurmJob(id: "8", state: "PENDING", submittedAt: 2))
        let work = FakeWork(pending: 40)
        let decision = try await allocator(work, clock: SteppingClock()).decide()
        #expect(decision.census == PilotCensus(queued: 1, running: 1))
        #expect(decision.submitted == ["101"])
        #expect(work.lastReport?.pilots.map(\.jobID) == ["7", "8", "101"])
        #expect(work.lastReport?.pilots.first?.submittedAt == 1)
    }

    @Test func queuedPilotsBeyondTheNeedAreCancelledNewestFirst() async throws {
        slurm.add(SlurmJob(id: "8", state: "PENDING", submittedAt: 2))
        slurm.add(SlurmJob(id: "7", state: "PENDING", submittedAt: 1))
        slurm.add(SlurmJob(id: "9", state: "PENDING", submittedAt: 3))
        let decision = try await allocator(FakeWork(pending: 1), clock: SteppingClock()).decide()
        #expect(decision.cancelled == ["9", "8"])
        #expect(slurm.state.withLock { $0.jobs.map(\.id) } == ["7"])
    }

    @Test func aFirstFailureStopsItAndALaterOneIsWaitedOut() async throws {
        let unreachable = PilotError.coordinatorUnreachable(address: "head:7420", reason: "nothing listening")
        let down = FakeWork(pending: 4)
        down.state.withLock { $0.failures = [unreachable] }
        await #expect(throws: unreachable) { try await allocator(down, clock: SteppingClock()).allocate() }

        let flaky = FakeWork(pending: 4)
        let calls = Mutex(0)
        let clock = SteppingClock { [slurm] in
            let call = calls.withLock { count in
                count += 1
                return count
            }
            if call == 1 { flaky.state.withLock { $0.failures = [unreachable, unreachable] } }
            slurm.startQueued()
            flaky.step(runningPilots: slurm.running)
            if flaky.finished { slurm.endRunning() }
        }
        #expect(try await allocator(flaky, clock: clock).allocate().finished)

        let gone = FakeWork(pending: 4)
        let goneClock = SteppingClock { gone.state.withLock { $0.failures = [unreachable] } }
        await #expect(throws: PilotError.persisted(seconds: 60, last: "\(unreachable)")) {
            try await allocator(gone, clock: goneClock).allocate()
        }
    }

    @Test func aRefusalOrAMissingSbatchStopsItAtOnce() async throws {
        slurm.state.withLock { $0.failNext = .commandMissing("sbatch") }
        await #expect(throws: PilotError.commandMissing("sbatch")) {
            try await allocator(FakeWork(pending: 4), clock: SteppingClock()).allocate()
        }
    }

    @Test func keepRunningWatchesOnAfterTheWorkIsDone() async throws {
        let work = FakeWork(pending: 0)
        let sleeps = Mutex(0)
        let task = Task {
            try await allocator(
                work, keepRunning: true,
                clock: SteppingClock {
                    if sleeps.withLock({ count in
                        count += 1
                        return count
                    }) == 3 {
                        work.state.withLock { $0.pending = 2 }
                    }
                    if sleeps.withLock({ $0 }) >= 6 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            ).allocate()
        }
        let summary = try await task.value
        #expect(!summary.finished)
        #expect(summary.submitted == 2)
    }

    @Test func aDryRunShowsSbatchLinesAndCountsOnlyItsOwnPretendedJobs() async throws {
        let lines = Mutex<[[String]]>([])
        let dryRun = DryRunScheduler { line in lines.withLock { $0.append(line) } }
        let template = PilotJobTemplate(script: "worker.sbatch", jobName: "pilots")
        #expect(try await dryRun.jobs(named: "pilots", user: "me").isEmpty)
        let id = try await dryRun.submit(template)
        #expect(lines.withLock { $0 } == [["sbatch"] + template.arguments])
        #expect(try await dryRun.jobs(named: "pilots", user: "me").map(\.id) == [id])
        try await dryRun.cancel([id])
        #expect(try await dryRun.jobs(named: "pilots", user: "me").isEmpty)
    }
}
