import Pilots
import SweepModel
import Synchronization
import Timekeeping
import WireProtocol

/// A batch queue in memory: submitted jobs wait until the test (or `step`) starts them; every change is
/// recorded, and the most jobs ever in the queue at once.
final class FakeSlurm: PilotScheduler {
    struct State {
        var jobs: [SlurmJob] = []
        var nextID = 100
        var submitted: [PilotJobTemplate] = []
        var cancelled: [String] = []
        var mostAtOnce = 0
        var failNext: PilotError?
    }

    let state = Mutex(State())

    func submit(_ job: PilotJobTemplate) async throws(PilotError) -> String {
        try state.withLock { state throws(PilotError) in
            if let failure = state.failNext {
                state.failNext = nil
                throw failure
            }
            state.nextID += 1
            state.jobs.append(SlurmJob(id: "\(state.nextID)", state: "PENDING", submittedAt: Double(state.nextID)))
            state.submitted.append(job)
            state.mostAtOnce = max(state.mostAtOnce, state.jobs.count)
            return "\(state.nextID)"
        }
    }

    func jobs(named name: String, user: String) async throws(PilotError) -> [SlurmJob] {
        state.withLock { $0.jobs }
    }

    func cancel(_ ids: [String]) async throws(PilotError) {
        state.withLock { state in
            state.jobs.removeAll { ids.contains($0.id) }
            state.cancelled += ids
        }
    }

    /// Puts a job in the queue as if an earlier allocator had submitted it.
    func add(_ job: SlurmJob) {
        state.withLock { state in
            state.jobs.append(job)
            state.mostAtOnce = max(state.mostAtOnce, state.jobs.count)
        }
    }

    func startQueued() {
        state.withLock { state in
            for index in state.jobs.indices where state.jobs[index].state == "PENDING" {
                state.jobs[index].state = "RUNNING"
            }
        }
    }

    /// Running jobs leave the queue, as pilots whose workers exit when idle do.
    func endRunning() {
        state.withLock { $0.jobs.removeAll { $0.state == "RUNNING" } }
    }

    var running: Int { state.withLock { $0.jobs.filter { $0.state == "RUNNING" }.count } }
}

/// A coordinator's view of one sweep of one-core tasks, which each running pilot works off one at a `step`.
final class FakeWork: WorkSource {
    struct State {
        var pending: Int
        var running = 0
        var reports: [PilotReport] = []
        var failures: [PilotError] = []
    }

    let state: Mutex<State>

    init(pending: Int) {
        state = Mutex(State(pending: pending))
    }

    func demand(sweeps: [String]) async throws(PilotError) -> WorkDemand {
        try state.withLock { state throws(PilotError) in
            if !state.failures.isEmpty { throw state.failures.removeFirst() }
            return WorkDemand(groups: [
                WorkDemand.Group(requirements: Requirements(), pending: state.pending, running: state.running)
            ])
        }
    }

    func report(_ report: PilotReport) async throws(PilotError) {
        state.withLock { $0.reports.append(report) }
    }

    /// The tasks running finish, and each running pilot takes a pending one.
    func step(runningPilots: Int) {
        state.withLock { state in
            state.running = min(runningPilots, state.pending)
            state.pending -= state.running
        }
    }

    var finished: Bool { state.withLock { $0.pending == 0 && $0.running == 0 } }

    var lastReport: PilotReport? { state.withLock { $0.reports.last } }
}

/// A clock whose sleeps pass at once, moving it on; `onSleep` runs at each, as the world between two looks.
final class SteppingClock: WallClock {
    private let time = Mutex(1_800_000_000.0)
    private let onSleep: @Sendable () -> Void

    init(onSleep: @escaping @Sendable () -> Void = {}) {
        self.onSleep = onSleep
    }

    func now() -> Double { time.withLock { $0 } }

    func sleep(for seconds: Double) async throws {
        try Task.checkCancellation()
        time.withLock { $0 += max(0, seconds) }
        onSleep()
        await Task.yield()
    }
}
