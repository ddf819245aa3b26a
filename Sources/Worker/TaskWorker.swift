import Foundation
import Logging
import SweepModel
import Timekeeping
import WireProtocol

/// A worker: claims leased tasks from a coordinator, runs them one at a time through its `TaskRunner`, keeps
/// their leases alive and reports each result until the coordinator acknowledges it.
public actor TaskWorker {
    let configuration: WorkerConfiguration
    let runner: any TaskRunner
    let connector: any CoordinatorConnector
    let clock: any WallClock
    let logger: Logger
    var link: (any CoordinatorLink)?
    var connecting: Task<(any CoordinatorLink)?, Never>?
    var queue: [LeasedTask] = []
    var running: RunningTask?
    var reports = ReportBuffer()
    var stopRequested = false
    var fatal: Error?
    var started = 0
    var pacing = TaskPacing()
    var tally = WorkerSummary()
    var claimLatencies: [Double] = []
    var lostLeases: Set<Lease> = []
    /// Runs the worker stopped waiting for: it waits for them, within a bound, before it exits.
    var abandoned: [Task<Void, Never>] = []
    var reconnect = ReconnectState()

    /// A worker that runs tasks with `runner` and reads the time from `clock`; it reaches its coordinator
    /// through `connector`, by default over TCP at `configuration.coordinator`.
    public init(
        configuration: WorkerConfiguration, runner: any TaskRunner, clock: any WallClock = SystemWallClock(),
        connector: (any CoordinatorConnector)? = nil, logger: Logger
    ) {
        self.configuration = configuration
        self.runner = runner
        self.clock = clock
        self.connector =
            connector ?? TCPCoordinatorConnector(address: configuration.coordinator, tls: configuration.tls)
        self.logger = logger
    }

    /// What the worker has done so far (all of it once `work()` has returned).
    public var summary: WorkerSummary {
        var summary = tally
        summary.claimLatencies = claimLatencies
        return summary
    }

    /// Asks the worker to stop: it claims nothing more, gives back unstarted leases, and gives the running
    /// task `stopGraceSeconds` to finish before cancelling it and giving its lease back too.
    public func stop() {
        guard !stopRequested else { return }
        stopRequested = true
        reconnect.givingUpAt = clock.now() + max(1, configuration.stopGraceSeconds)
        logger.notice("stopping: no more claims", metadata: ["grace": "\(configuration.stopGraceSeconds)s"])
        guard let running else {
            link?.close()
            return
        }
        let lease = running.task.lease
        let grace = configuration.stopGraceSeconds
        Task { [clock] in
            if grace > 0 { try? await clock.sleep(for: grace) }
            self.abandonRun(of: lease)
        }
    }

    var stopping: Bool { stopRequested || fatal != nil }

    /// Works until idle (with `exitWhenIdle`), `maxTasks` are done, the deadline is near, or `stop()`; throws a
    /// coordinator's refusal (bad token, version mismatch) or a failed TLS handshake as it is.
    public func work() async throws -> WorkerSummary {
        let heartbeat = Task { await heartbeatLoop() }
        defer { heartbeat.cancel() }
        while !stopping {
            if let maxTasks = configuration.maxTasks, started >= maxTasks, queue.isEmpty { break }
            if reachedDeadline() { break }
            guard let link = await currentLink() else { continue }
            if !reports.isEmpty && (queue.isEmpty || reports.isDue(at: clock.now())) { await flushReports(on: link) }
            if queue.isEmpty {
                guard let reply = await claim(on: link) else { continue }
                if stopping {
                    queue.append(contentsOf: reply.tasks)
                    break
                }
                if reply.tasks.isEmpty {
                    if reply.idle && configuration.exitWhenIdle && reports.isEmpty { break }
                    continue
                }
                queue.append(contentsOf: reply.tasks)
                if reachedDeadline() { break }
            }
            await execute(queue.removeFirst())
        }
        if let fatal { throw fatal }
        await finish()
        await awaitAbandonedRuns()
        return summary
    }

    /// Seconds left for running tasks before the deadline less its margin; nil without a deadline.
    var secondsBeforeDeadline: Double? {
        configuration.deadline.map {
            $0.timeIntervalSince1970 - clock.now() - configuration.deadlineMarginSeconds
        }
    }

    /// True, and noted once in the log and summary, when the next task would not end before the deadline:
    /// its expected run time (the moving average of those run so far) exceeds the time left.
    private func reachedDeadline() -> Bool {
        guard let usable = secondsBeforeDeadline, pacing.nextTaskOverruns(usableSeconds: usable) else {
            return false
        }
        if !tally.stoppedAtDeadline {
            tally.stoppedAtDeadline = true
            logger.notice(
                "stopping before the deadline: the next task would not finish in time",
                metadata: [
                    "expected": "\(String(format: "%.1f", pacing.averageSeconds ?? 0))s",
                    "left": "\(String(format: "%.1f", max(0, usable)))s",
                    "margin": "\(configuration.deadlineMarginSeconds)s",
                ])
        }
        return true
    }

    private func claim(on link: any CoordinatorLink) async -> ClaimReply? {
        let remaining = configuration.maxTasks.map { $0 - started }
        let request = ClaimRequest(
            limit: pacing.batchSize(
                configured: configuration.batch, remaining: remaining, usableSeconds: secondsBeforeDeadline),
            waitSeconds: min(configuration.claimWaitSeconds, max(0, secondsBeforeDeadline ?? .infinity)),
            returnWhenIdle: configuration.exitWhenIdle)
        do {
            let sent = clock.now()
            guard case .claimed(let reply) = try await link.send(.claim(request)) else { return nil }
            reconnect.answered()
            if !reply.tasks.isEmpty { claimLatencies.append(clock.now() - sent) }
            return reply
        } catch {
            drop(link, because: error)
            return nil
        }
    }

    private func execute(_ task: LeasedTask) async {
        started += 1
        let startedAt = clock.now()
        let end = await runOrAbandon(task)
        let endedAt = clock.now()
        pacing.record(seconds: endedAt - startedAt)
        tally.ran += 1
        if lostLeases.remove(task.lease) != nil {
            logger.warning("dropping a task whose lease was lost", metadata: ["task": "\(task.key)"])
            return
        }
        switch end {
        case .finished(.succeeded(let metrics, let facts)):
            let provenance = Provenance(
                host: HostFacts.hostName, cpuModel: HostFacts.cpuModel, threads: configuration.threads,
                version: InfosweepVersion.current, startedAt: startedAt, endedAt: endedAt,
                wallSeconds: endedAt - startedAt, peakRSSBytes: facts.peakRSSBytes, kernels: facts.kernels,
                taskFolder: facts.taskFolder)
            let result = TaskResult(
                lease: task.lease, metrics: metrics, provenance: provenance, stdoutTail: facts.stdoutTail,
                stderrTail: facts.stderrTail)
            reports.append(.result(result), at: endedAt)
        case .finished(.failed(let failure)) where !stopping:
            logger.warning("task failed", metadata: ["task": "\(task.key)", "error": "\(failure)"])
            let report = TaskFailure(
                lease: task.lease, error: "\(failure)", stdoutTail: failure.stdoutTail, stderrTail: failure.stderrTail)
            reports.append(.failure(report), at: endedAt)
        case .finished(.requeued):
            logger.notice("task asked to run again later", metadata: ["task": "\(task.key)"])
            reports.append(.release(task.lease), at: endedAt)
        case .finished(.failed), .finished(.cancelled), .abandoned:
            queue.insert(task, at: 0)
        }
    }

    /// Runs `task` in a Swift task of its own, so that a stop can cancel it and stop waiting for it.
    private func runOrAbandon(_ task: LeasedTask) async -> RunEnd {
        defer { running = nil }
        let resources = GrantedResources(cores: configuration.threads, memoryMiB: configuration.memoryMB)
        let runner = self.runner
        return await withCheckedContinuation { continuation in
            let delivery = Delivery<RunEnd>(continuation)
            let run = Task { delivery.deliver(.finished(await runner.run(task, resources: resources))) }
            running = RunningTask(task: task, startedAt: clock.now(), run: run, delivery: delivery)
        }
    }

    /// Cancels the run of `lease` if it is still going, and stops waiting for it: its lease is given back.
    private func abandonRun(of lease: Lease) {
        guard let running, running.task.lease == lease else { return }
        running.run.cancel()
        abandoned.append(running.run)
        running.delivery.deliver(.abandoned)
    }

    /// Waits until the runs it stopped waiting for have ended, or `stoppedRunsSeconds` have passed.
    private func awaitAbandonedRuns() async {
        let runs = abandoned
        guard !runs.isEmpty else { return }
        let bound = configuration.stoppedRunsSeconds
        let ended = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let delivery = Delivery(continuation)
            Task {
                for run in runs { await run.value }
                delivery.deliver(true)
            }
            Task { [clock] in
                try? await clock.sleep(for: bound)
                delivery.deliver(false)
            }
        }
        if !ended {
            logger.warning(
                "exiting while a stopped run has not ended", metadata: ["waited": "\(bound)s"])
        }
    }
}
