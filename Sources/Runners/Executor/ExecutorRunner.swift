import Foundation
import NIOPosix
import SweepModel
import Synchronization
import Worker

/// Runs the built-in experiments in executor child processes (`infosweep executor`), never in the worker:
/// a run that traps, aborts, segfaults or is killed for its memory ends as a failed attempt with its signal
/// and the end of its output, and the next run gets a new child.
///
/// Children are kept between runs, one for each run going on at once. Cancelling the calling task asks the
/// child to stop the run; a child that has not stopped it `killGraceSeconds` later is killed.
public final class ExecutorRunner: TaskRunner {
    private let executable: String
    private let killGraceSeconds: Double
    private let pool: NIOThreadPool
    private let idle = Mutex<[ExecutorChild]>([])
    private let jobs = Atomic<UInt64>(0)

    /// A runner whose children run `executable executor` (the infosweep binary).
    public init(executable: String, killGraceSeconds: Double = 10, pool: NIOThreadPool = .singleton) {
        self.executable = executable
        self.killGraceSeconds = killGraceSeconds
        self.pool = pool
    }

    /// The pids of the children waiting for a run.
    public var idleChildren: [pid_t] { idle.withLock { $0.map(\.pid) } }

    deinit {
        for child in idle.withLock({ $0 }) { child.shutDown() }
    }

    public func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome {
        let job = ExecutorJob(
            id: jobs.wrappingAdd(1, ordering: .relaxed).newValue, experiment: task.experiment,
            parameters: task.parameters, threads: resources.cores, memoryMiB: resources.memoryMiB)
        let running = RunningJob(id: job.id)
        let memory = resources.memoryMiB.map(MemoryWatch.init(limitMiB:))
        let exchange: ExecutorChild.Exchange
        let child: ExecutorChild
        do {
            (child, exchange) = try await withTaskCancellationHandler {
                try await pool.runIfActive { [self] in
                    let child = try takeChild()
                    running.attach(child, graceSeconds: killGraceSeconds)
                    let watching = memory.map { memory in
                        Task {
                            await memory.watch(
                                measure: { ProcessMemory.residentBytes(ofProcess: child.pid) },
                                onExcess: { kill(child.pid, SIGKILL) })
                        }
                    }
                    defer { watching?.cancel() }
                    return (child, child.exchange(job))
                }
            } onCancel: { [killGraceSeconds] in
                running.cancel(graceSeconds: killGraceSeconds)
            }
        } catch {
            return .failed(RunFailure(kind: .cannotStart, message: "\(error)"))
        }
        return outcome(of: exchange, child: child, memory: memory)
    }

    private func outcome(
        of exchange: ExecutorChild.Exchange, child: ExecutorChild, memory: MemoryWatch?
    ) -> RunOutcome {
        switch exchange {
        case .answered(let ending):
            idle.withLock { $0.append(child) }
            if Task.isCancelled { return .cancelled }
            return outcome(of: ending)
        case .died(let kind, let outputTail):
            if let memory, memory.excessBytes != nil {
                return .failed(RunFailure(kind: .memory, message: memory.message(), stderrTail: outputTail))
            }
            if Task.isCancelled || child.wasKilled { return .cancelled }
            return .failed(
                RunFailure(kind: kind, message: Self.describeDeath(kind, pid: child.pid), stderrTail: outputTail))
        case .garbled(let error):
            return .failed(RunFailure(kind: .error, message: "the experiment's process was stopped: \(error)"))
        }
    }

    private func outcome(of ending: ExecutorReply.Ending) -> RunOutcome {
        switch ending {
        case .succeeded(let metrics, let facts): .succeeded(metrics, facts)
        case .refused(let message): .failed(RunFailure(kind: .cannotStart, message: message))
        case .failed(let message): .failed(RunFailure(kind: .error, message: message))
        case .cancelled: .cancelled
        }
    }

    private static func describeDeath(_ kind: FailureKind, pid: pid_t) -> String {
        switch kind {
        case .signal(let number):
            "the experiment's process (pid \(pid)) was killed by signal \(number) "
                + "(\(String(cString: strsignal(number)))); the worker goes on with a new one"
        default:
            "the experiment's process (pid \(pid)) ended unexpectedly (\(kind)); the worker goes on with a new one"
        }
    }

    /// An idle child that is still alive, or a new one: a task is never charged for a child that died idle.
    private func takeChild() throws(ExecutorError) -> ExecutorChild {
        while let child = idle.withLock({ $0.popLast() }) {
            if child.isAlive { return child }
        }
        return try ExecutorChild(executable: executable)
    }
}

/// A job on its way to a child: where a cancel that comes before the child is chosen waits for it.
private final class RunningJob: Sendable {
    private let id: UInt64
    private let state = Mutex<(child: ExecutorChild?, cancelled: Bool)>((nil, false))

    init(id: UInt64) {
        self.id = id
    }

    /// Notes the child that runs the job, and passes on a cancel that came first.
    func attach(_ child: ExecutorChild, graceSeconds: Double) {
        let cancelled = state.withLock { state in
            state.child = child
            return state.cancelled
        }
        if cancelled { child.cancel(id, graceSeconds: graceSeconds) }
    }

    func cancel(graceSeconds: Double) {
        let child = state.withLock { state in
            state.cancelled = true
            return state.child
        }
        child?.cancel(id, graceSeconds: graceSeconds)
    }
}
