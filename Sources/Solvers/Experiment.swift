import ExperimentCatalog
import Foundation
import SweepModel

/// A kind of task a worker can run, named in sweep files by its descriptor's name.
///
/// `run` is blocking numeric work: callers run it on dedicated threads, never on the cooperative pool.
public protocol Experiment: Sendable {
    /// What the experiment takes: its parameters' kinds, ranges and defaults, and the memory a task needs.
    var descriptor: ExperimentDescriptor { get }
    /// Runs one task on parameters the descriptor has checked, once its memory is known to fit.
    func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics
}

extension Experiment {
    public var name: String { descriptor.name }
    public var summary: String { descriptor.summary }
    /// Every parameter the experiment accepts, with its kind and default.
    public var parameters: [ParameterDescriptor] { descriptor.parameters }

    /// The given parameters completed with defaults; an unknown, missing, mistyped or out-of-range
    /// parameter, or a broken relation between them, is an `ExperimentError` that names the parameter.
    public func resolve(_ given: Parameters) throws -> Parameters {
        try checked(given).values
    }

    /// Runs one task: checks every parameter, the threads and the memory the task needs against this
    /// machine before anything is allocated, then runs it.
    public func run(_ parameters: Parameters, context: RunContext) throws -> Metrics {
        let resolved = try checked(parameters)
        guard context.threads <= Requirements.maxCores else {
            throw ExperimentError.tooManyThreads(requested: context.threads, limit: Requirements.maxCores)
        }
        do {
            try descriptor.checkMemory(
                resolved, threads: context.threads,
                limitBytes: Double(ProcessInfo.processInfo.physicalMemory),
                limit: "this machine's memory")
        } catch {
            throw ExperimentError.invalidParameters(experiment: name, error)
        }
        return try run(resolved: resolved, context: context)
    }

    private func checked(_ given: Parameters) throws(ExperimentError) -> ResolvedParameters {
        do {
            return try descriptor.resolve(given)
        } catch {
            throw .invalidParameters(experiment: name, error)
        }
    }
}

/// What a run may use: its thread budget, the memory it was granted, and a flag the worker raises to ask it
/// to stop early.
public struct RunContext: Sendable {
    public var threads: Int
    /// The memory the worker granted the task, in MiB; nil when it set no limit.
    public var memoryMiB: Int?
    public var cancellation: CancellationFlag

    public init(threads: Int = 1, memoryMiB: Int? = nil, cancellation: CancellationFlag = CancellationFlag()) {
        self.threads = max(1, threads)
        self.memoryMiB = memoryMiB
        self.cancellation = cancellation
    }

    /// Throws `ExperimentError.cancelled` once the flag is raised; long loops call it now and then.
    public func checkCancellation() throws {
        if cancellation.isCancelled { throw ExperimentError.cancelled }
    }
}

/// Why an experiment could not run or was stopped.
public enum ExperimentError: Error, Sendable, Hashable, CustomStringConvertible {
    case cancelled
    case unknownExperiment(name: String, known: [String])
    /// A parameter is unknown, missing, mistyped or out of range, or the task needs too much memory.
    case invalidParameters(experiment: String, ParameterProblem)
    case tooManyThreads(requested: Int, limit: Int)
    /// The run itself failed (the noop experiment asked to).
    case failed(experiment: String, reason: String)

    public var description: String {
        switch self {
        case .cancelled: "cancelled"
        case .unknownExperiment(let name, let known):
            "unknown experiment '\(name)' (valid: \(known.joined(separator: ", ")))"
        case .invalidParameters(_, .unknown(let name, let experiment, let known)):
            "experiment '\(experiment)' has no parameter '\(name)' (valid: \(known.joined(separator: ", ")))"
        case .invalidParameters(let experiment, let problem): "\(experiment): \(problem)"
        case .tooManyThreads(let requested, let limit): "\(requested) threads is more than a task may use (\(limit))"
        case .failed(let experiment, let reason): "\(experiment): \(reason)"
        }
    }

    /// The text the error is shown with.
    public var message: String { description }
}
