import Foundation
import Solvers
import SweepModel
import Worker

/// Runs built-in experiments to their end on the calling thread, measuring each run's memory peak: what an
/// executor child does with each job.
struct ExperimentExecution {
    /// Runs shorter than this are not worth resetting the peak-RSS window for (it walks the page tables).
    private static let shortestMeasuredSeconds = 0.01

    /// The run times so far, to decide whether to measure the next run's own memory peak.
    private var runTimes = MovingAverage()

    mutating func run(_ job: ExecutorJob, cancellation: CancellationFlag) -> ExecutorReply.Ending {
        let experiment: any Experiment
        let parameters: Parameters
        do {
            experiment = try ExperimentRegistry.experiment(named: job.experiment)
            parameters = try experiment.resolve(job.parameters)
        } catch {
            return .refused("\(error)")
        }
        let measurePeak = (runTimes.value ?? 1) > Self.shortestMeasuredSeconds
        let started = ContinuousClock.now
        defer { record(ContinuousClock.now - started) }
        if measurePeak { HostFacts.resetPeakRSS() }
        do {
            let metrics = try experiment.run(
                parameters,
                context: RunContext(threads: job.threads, memoryMiB: job.memoryMiB, cancellation: cancellation))
            let peak = measurePeak ? HostFacts.peakRSSBytes() : HostFacts.lifetimePeakRSSBytes()
            return .succeeded(metrics, RunFacts(peakRSSBytes: peak, kernels: InstructionSet.preferred.rawValue))
        } catch ExperimentError.cancelled {
            return .cancelled
        } catch {
            return .failed("\(error)")
        }
    }

    private mutating func record(_ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        runTimes.add(seconds)
    }
}
