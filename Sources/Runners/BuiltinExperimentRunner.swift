import NIOPosix
import Solvers
import SweepModel
import Synchronization
import Worker

/// Runs the built-in experiments (`Solvers`) on a NIO thread pool, off the cooperative pool; cancelling the
/// calling task raises the experiment's `CancellationFlag`.
public final class BuiltinExperimentRunner: TaskRunner {
    /// Runs shorter than this are not worth resetting the peak-RSS window for (it walks the page tables).
    private static let shortestMeasuredSeconds = 0.01

    private let pool: NIOThreadPool
    /// The run times so far, to decide whether to measure the next run's own memory peak.
    private let runTimes = Mutex(MovingAverage())

    public init(pool: NIOThreadPool = .singleton) {
        self.pool = pool
    }

    public func run(_ task: LeasedTask, resources: GrantedResources) async -> RunOutcome {
        let experiment: any Experiment
        let parameters: Parameters
        do {
            experiment = try ExperimentRegistry.experiment(named: task.experiment)
            parameters = try experiment.resolve(task.parameters)
        } catch {
            return .failed(RunFailure(kind: .cannotStart, message: "\(error)"))
        }
        let context = RunContext(threads: resources.cores, cancellation: CancellationFlag())
        let measurePeak = (runTimes.withLock { $0.value } ?? 1) > Self.shortestMeasuredSeconds
        let started = ContinuousClock.now
        defer { record(ContinuousClock.now - started) }
        do {
            let (metrics, peak) = try await withTaskCancellationHandler {
                try await pool.runIfActive {
                    if measurePeak { HostFacts.resetPeakRSS() }
                    let metrics = try experiment.run(parameters, context: context)
                    return (metrics, measurePeak ? HostFacts.peakRSSBytes() : HostFacts.lifetimePeakRSSBytes())
                }
            } onCancel: {
                context.cancellation.cancel()
            }
            return .succeeded(metrics, peakRSSBytes: peak)
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failed(RunFailure(kind: .error, message: "\(error)"))
        }
    }

    private func record(_ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        runTimes.withLock { $0.add(seconds) }
    }
}
