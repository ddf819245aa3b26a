import CoordinatorClient
import Foundation
import Logging
import ServiceLifecycle
import SweepModel
import Synchronization
import Worker

/// A worker wired to a fake coordinator and a fake runner, on a watched manual clock.
final class WorkerFixture: Sendable {
    let clock: WatchedClock
    /// The clock's reading when the fixture was made.
    let start: Double
    let coordinator: FakeCoordinator
    let runner: FakeRunner
    let worker: TaskWorker
    private let outcome = Mutex<Result<WorkerSummary, Error>?>(nil)

    init(
        batch: Int? = nil, exitWhenIdle: Bool = false, maxTasks: Int? = nil, stopGrace: Double = 4,
        deadlineAfter: Double? = nil, deadlineMargin: Double = 10, heartbeatSeconds: Double = 10,
        stoppedRuns: Double = 0, standard: FakeRunner.Behaviour = .succeed(seconds: 0), cores: Int = 2,
        slots: Int = 1, gpuIDs: [String] = [], idleExit: Double? = nil
    ) {
        let clock = WatchedClock()
        let start = clock.now()
        self.clock = clock
        self.start = start
        coordinator = FakeCoordinator(clock: clock, heartbeatSeconds: heartbeatSeconds)
        runner = FakeRunner(clock: clock, standard: standard)
        let configuration = WorkerConfiguration(
            coordinator: CoordinatorAddress(host: "127.0.0.1", port: 7420), token: "secret", cores: cores,
            slots: slots, gpuIDs: gpuIDs, idleExitSeconds: idleExit,
            exitWhenIdle: exitWhenIdle, maxTasks: maxTasks, batch: batch, stopGraceSeconds: stopGrace,
            deadline: deadlineAfter.map { Date(timeIntervalSince1970: start + $0) },
            deadlineMarginSeconds: deadlineMargin,
            workerID: "test-worker", memoryMB: 2048, stoppedRunsSeconds: stoppedRuns)
        worker = TaskWorker(
            configuration: configuration, runner: runner, clock: clock, connector: coordinator,
            logger: Self.silent)
    }

    /// Starts `work()` in a task of its own.
    func begin() {
        begin { try await self.worker.work() }
    }

    /// A service group running the worker as `infosweep worker` does, without signals.
    func serviceGroup() -> ServiceGroup {
        ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [worker.serviceConfiguration], logger: Self.silent))
    }

    /// Runs `group` in a task of its own; its ending carries the worker's summary.
    func begin(_ group: ServiceGroup) {
        begin {
            try await group.run()
            return await self.worker.summary
        }
    }

    private func begin(_ body: @escaping @Sendable () async throws -> WorkerSummary) {
        Task {
            let result: Result<WorkerSummary, Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
        }
    }

    var hasFinished: Bool { outcome.withLock { $0 != nil } }

    /// What `work()` ended with, once it has (nil if it did not end within the wait of `eventually`).
    func ending(advancing clock: WatchedClock? = nil, step: Double = 0.05) async -> Result<WorkerSummary, Error>? {
        _ = await eventually(advancing: clock, by: step) { hasFinished }
        return outcome.withLock { $0 }
    }

    /// The summary `work()` returned; fails the test if it threw or has not ended.
    func summary(advancing clock: WatchedClock? = nil, step: Double = 0.05) async throws -> WorkerSummary {
        guard let ending = await ending(advancing: clock, step: step) else { throw FixtureError.stillWorking }
        return try ending.get()
    }

    static let silent = Logger(label: "worker-tests") { _ in SwiftLogNoOpLogHandler() }

    static func task(_ id: Int64) -> LeasedTask {
        LeasedTask(
            lease: Lease(taskID: id, attemptID: 100 + id), key: "t\(id)", experiment: "noop", parameters: Parameters(),
            previousAttempts: 0)
    }

    static func tasks(_ ids: ClosedRange<Int64>) -> [LeasedTask] { ids.map(task) }
}

enum FixtureError: Error {
    case stillWorking
}
