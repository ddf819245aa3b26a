import CoordinatorClient
import Foundation
import Logging
import Solvers
import Synchronization
import SweepModel
import WireProtocol

/// A worker: claims leased tasks from a coordinator, runs them on a dedicated thread, keeps their leases
/// alive and reports each result until the coordinator acknowledges it.
public actor TaskWorker {
    private enum Report: Sendable {
        case result(TaskResult)
        case failure(TaskFailure)

        var lease: Lease {
            switch self {
            case .result(let result): result.lease
            case .failure(let failure): failure.lease
            }
        }
    }

    private let configuration: WorkerConfiguration
    private let logger: Logger
    private let runner = DedicatedThread(name: "infosweep-task")
    private var connection: CoordinatorConnection?
    private var connecting: Task<CoordinatorConnection?, Never>?
    private var queue: [LeasedTask] = []
    private var running: (task: LeasedTask, flag: CancellationFlag, delivery: RunDelivery)?
    private var reports: [Report] = []
    private var oldestReport: Date?
    private var stopDeadline: Date?
    private var fatal: Error?
    private var started = 0
    private var averageSeconds: Double?
    private var summary = WorkerSummary()
    private var claimLatencies: [Double] = []
    private var lostLeases: Set<Lease> = []

    public init(configuration: WorkerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks the worker to stop: it claims nothing more, gives back unstarted leases, and gives the running
    /// task `stopGraceSeconds` to finish before giving its lease back too.
    public func stop() {
        guard stopDeadline == nil else { return }
        logger.notice("stopping: no more claims", metadata: ["grace": "\(configuration.stopGraceSeconds)s"])
        stopDeadline = Date().addingTimeInterval(configuration.stopGraceSeconds)
        guard let running else {
            connection?.close()
            return
        }
        let grace = configuration.stopGraceSeconds
        Task {
            try? await Task.sleep(for: .seconds(grace))
            running.flag.cancel()
            running.delivery.deliver(.abandoned)
        }
    }

    private var stopping: Bool { stopDeadline != nil || fatal != nil }

    /// Works until idle (with `exitWhenIdle`), `maxTasks` are done, or `stop()`; throws a coordinator's
    /// refusal (bad token, version mismatch) as it is.
    public func run() async throws -> WorkerSummary {
        let heartbeat = Task { await heartbeatLoop() }
        defer { heartbeat.cancel() }
        while !stopping {
            if let maxTasks = configuration.maxTasks, started >= maxTasks, queue.isEmpty { break }
            if reachedDeadline() { break }
            guard let connection = await currentConnection() else { continue }
            if !reports.isEmpty && (queue.isEmpty || shouldFlush) { await flushReports(on: connection) }
            if queue.isEmpty {
                guard let reply = await claim(on: connection) else { continue }
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
        summary.claimLatencies = claimLatencies
        return summary
    }

    private var shouldFlush: Bool {
        reports.count >= 256 || (oldestReport.map { Date().timeIntervalSince($0) > 1 } ?? false)
    }

    private var batchSize: Int {
        var size = configuration.batch ?? averageSeconds.map { Int(0.5 / max($0, 1e-4)) } ?? 1
        size = min(max(size, 1), 256)
        if let maxTasks = configuration.maxTasks { size = min(size, maxTasks - started) }
        if let averageSeconds, let usable = secondsBeforeDeadline {
            size = min(size, Int(usable / max(averageSeconds, 1e-4)))
        }
        return max(size, 1)
    }

    /// Seconds left for running tasks before the deadline less its margin; nil without a deadline.
    private var secondsBeforeDeadline: Double? {
        configuration.deadline.map { $0.timeIntervalSinceNow - configuration.deadlineMarginSeconds }
    }

    /// True, and noted once in the log and summary, when the next task would not end before the deadline:
    /// its expected run time (the moving average of those run so far) exceeds the time left.
    private func reachedDeadline() -> Bool {
        guard let usable = secondsBeforeDeadline else { return false }
        let expected = averageSeconds ?? 0
        guard expected > usable else { return false }
        if !summary.stoppedAtDeadline {
            summary.stoppedAtDeadline = true
            logger.notice(
                "stopping before the deadline: the next task would not finish in time",
                metadata: [
                    "expected": "\(String(format: "%.1f", expected))s",
                    "left": "\(String(format: "%.1f", max(0, usable)))s",
                    "margin": "\(configuration.deadlineMarginSeconds)s",
                ])
        }
        return true
    }

    private func claim(on connection: CoordinatorConnection) async -> ClaimReply? {
        let wait = min(configuration.claimWaitSeconds, max(0, secondsBeforeDeadline ?? .infinity))
        let request = ClaimRequest(
            limit: batchSize, waitSeconds: wait,
            returnWhenIdle: configuration.exitWhenIdle)
        do {
            let sent = ContinuousClock.now
            guard case .claimed(let reply) = try await connection.send(.claim(request)) else { return nil }
            if !reply.tasks.isEmpty {
                let elapsed = ContinuousClock.now - sent
                claimLatencies.append(
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            return reply
        } catch {
            drop(connection, because: error)
            return nil
        }
    }

    private func execute(_ task: LeasedTask) async {
        started += 1
        let flag = CancellationFlag()
        defer { running = nil }
        let threads = configuration.threads
        let startedAt = Date()
        // Resetting the peak-RSS window walks the page tables; it is worth it only for tasks of some length.
        let measurePeak = (averageSeconds ?? 1) > 0.01
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<RunOutcome, Never>) in
            let delivery = RunDelivery(continuation)
            running = (task, flag, delivery)
            runner.submit {
                if measurePeak { HostFacts.resetPeakRSS() }
                delivery.deliver(
                    .finished(
                        Result {
                            let experiment = try ExperimentRegistry.experiment(named: task.experiment)
                            let parameters = try experiment.resolve(task.parameters)
                            return try experiment.run(
                                parameters, context: RunContext(threads: threads, cancellation: flag))
                        }))
            }
        }
        let endedAt = Date()
        let wall = endedAt.timeIntervalSince(startedAt)
        averageSeconds = averageSeconds.map { 0.8 * $0 + 0.2 * wall } ?? wall
        summary.ran += 1
        if lostLeases.remove(task.lease) != nil {
            logger.warning("dropping a task whose lease was lost", metadata: ["task": "\(task.key)"])
            return
        }
        switch outcome {
        case .finished(.success(let metrics)):
            let peak = measurePeak ? HostFacts.peakRSSBytes() : HostFacts.lifetimePeakRSSBytes()
            let provenance = Provenance(
                host: HostFacts.hostName, cpuModel: HostFacts.cpuModel, threads: threads,
                version: InfosweepVersion.current, startedAt: startedAt.timeIntervalSince1970,
                endedAt: endedAt.timeIntervalSince1970, wallSeconds: wall, peakRSSBytes: peak)
            enqueue(.result(TaskResult(lease: task.lease, metrics: metrics, provenance: provenance)))
        case .finished(.failure(let error)):
            if stopping {
                queue.insert(task, at: 0)
            } else {
                logger.warning("task failed", metadata: ["task": "\(task.key)", "error": "\(error)"])
                enqueue(.failure(TaskFailure(lease: task.lease, error: "\(error)")))
            }
        case .abandoned:
            queue.insert(task, at: 0)
        }
    }

    private func enqueue(_ report: Report) {
        if reports.isEmpty { oldestReport = Date() }
        reports.append(report)
    }

    private func flushReports(on connection: CoordinatorConnection) async {
        let results = reports.compactMap { if case .result(let result) = $0 { result } else { nil } }
        let failures = reports.compactMap { if case .failure(let failure) = $0 { failure } else { nil } }
        do {
            var settled = Set<Lease>()
            if !results.isEmpty,
                case .reportAck(let ack) = try await connection.send(.complete(.init(results: results)))
            {
                for entry in ack.entries {
                    settled.insert(entry.lease)
                    if entry.accepted { summary.accepted += 1 } else { summary.rejected += 1 }
                }
            }
            if !failures.isEmpty, case .reportAck(let ack) = try await connection.send(.fail(.init(failures: failures)))
            {
                for entry in ack.entries {
                    settled.insert(entry.lease)
                    summary.failed += 1
                }
            }
            reports.removeAll { settled.contains($0.lease) }
            oldestReport = reports.isEmpty ? nil : Date()
        } catch {
            drop(connection, because: error)
        }
    }

    private func heartbeatLoop() async {
        while !Task.isCancelled {
            let interval = connection?.welcome.heartbeatSeconds ?? 5
            try? await Task.sleep(for: .seconds(max(0.05, interval)))
            guard !Task.isCancelled else { return }
            await renewLeases()
        }
    }

    private func renewLeases() async {
        let held = (running.map { [$0.task.lease] } ?? []) + queue.map(\.lease)
        guard !held.isEmpty, let connection = await currentConnection() else { return }
        do {
            guard case .heartbeatAck(let reply) = try await connection.send(.heartbeat(.init(leases: held))) else {
                return
            }
            let lost = Set(reply.lost)
            guard !lost.isEmpty else { return }
            logger.warning("leases lost", metadata: ["count": "\(lost.count)"])
            queue.removeAll { lost.contains($0.lease) }
            if let running, lost.contains(running.task.lease) {
                lostLeases.insert(running.task.lease)
                running.flag.cancel()
            }
        } catch {
            drop(connection, because: error)
        }
    }

    private func finish() async {
        let deadline = Date().addingTimeInterval(max(1, configuration.stopGraceSeconds / 2))
        while (!reports.isEmpty || !queue.isEmpty) && Date() < deadline {
            guard let connection = await currentConnection(until: deadline) else { break }
            if !reports.isEmpty { await flushReports(on: connection) }
            if !queue.isEmpty {
                let leases = queue.map(\.lease)
                if (try? await connection.send(.release(.init(leases: leases)))) != nil {
                    summary.released += leases.count
                    queue.removeAll()
                }
            }
        }
        connection?.close()
    }

    // MARK: - Connection

    private func currentConnection(until deadline: Date? = nil) async -> CoordinatorConnection? {
        if let connection, !connection.isClosed { return connection }
        if let connecting { return await connecting.value }
        let attempt = Task { await connectWithBackoff(until: deadline) }
        connecting = attempt
        let result = await attempt.value
        connecting = nil
        connection = result
        return result
    }

    private func connectWithBackoff(until deadline: Date?) async -> CoordinatorConnection? {
        var delay = 0.1
        let hello = Hello(
            token: configuration.token, role: .worker,
            worker: WorkerInfo(
                id: configuration.workerID, host: HostFacts.hostName, cpuModel: HostFacts.cpuModel,
                threads: configuration.threads, pid: Int(getpid()), version: InfosweepVersion.current,
                capacity: Requirements(cores: configuration.threads, memoryMB: configuration.memoryMB)))
        while true {
            if let deadline, Date() >= deadline { return nil }
            if stopDeadline != nil && reports.isEmpty && queue.isEmpty && running == nil { return nil }
            do {
                let connection = try await CoordinatorConnection.connect(
                    to: configuration.coordinator, hello: hello, tls: configuration.tls)
                logger.info("connected", metadata: ["coordinator": "\(configuration.coordinator)"])
                return connection
            } catch let refusal as Refusal where refusal.code != .storeUnavailable {
                logger.error("coordinator refused this worker", metadata: ["reason": "\(refusal)"])
                fatal = refusal
                return nil
            } catch let tlsFailure as TLSFailure {
                logger.error("TLS with the coordinator failed", metadata: ["reason": "\(tlsFailure)"])
                fatal = tlsFailure
                return nil
            } catch {
                logger.info(
                    "cannot reach coordinator, retrying",
                    metadata: [
                        "coordinator": "\(configuration.coordinator)", "error": "\(error)", "retry_in": "\(delay)s",
                    ])
            }
            try? await Task.sleep(for: .seconds(delay * Double.random(in: 0.8...1.2)))
            delay = min(delay * 2, 5)
        }
    }

    private func drop(_ failed: CoordinatorConnection, because error: Error) {
        if connection === failed {
            if !stopping { logger.warning("connection lost", metadata: ["error": "\(error)"]) }
            connection = nil
        }
        failed.close()
    }
}

/// How a run ended: with the experiment's own result, or abandoned by a stop that would not wait longer.
private enum RunOutcome: Sendable {
    case finished(Result<Metrics, Error>)
    case abandoned
}

/// Hands a run's outcome to the waiting worker exactly once, whichever side comes first.
private final class RunDelivery: Sendable {
    private let continuation: Mutex<CheckedContinuation<RunOutcome, Never>?>

    init(_ continuation: CheckedContinuation<RunOutcome, Never>) {
        self.continuation = Mutex(continuation)
    }

    func deliver(_ outcome: RunOutcome) {
        continuation.withLock { pending in
            defer { pending = nil }
            return pending
        }?.resume(returning: outcome)
    }
}
