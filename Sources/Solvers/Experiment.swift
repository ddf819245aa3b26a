import SweepModel

/// A kind of task a worker can run, named in sweep files by `name`.
///
/// `run` is blocking numeric work: callers run it on dedicated threads, never on the cooperative pool.
public protocol Experiment: Sendable {
    var name: String { get }
    var summary: String { get }
    /// Every parameter the experiment accepts, with its default where it has one.
    var parameters: [ParameterInfo] { get }
    func run(_ parameters: Parameters, context: RunContext) throws -> Metrics
}

/// A parameter an experiment accepts.
public struct ParameterInfo: Sendable, Hashable {
    public var name: String
    public var defaultValue: ParamValue?
    public var summary: String

    public init(_ name: String, default defaultValue: ParamValue? = nil, _ summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// What a run may use: its thread budget and a flag the worker raises to ask it to stop early.
public struct RunContext: Sendable {
    public var threads: Int
    public var cancellation: CancellationFlag

    public init(threads: Int = 1, cancellation: CancellationFlag = CancellationFlag()) {
        self.threads = max(1, threads)
        self.cancellation = cancellation
    }

    /// Throws `ExperimentError.cancelled` once the flag is raised; long loops call it now and then.
    public func checkCancellation() throws {
        if cancellation.isCancelled { throw ExperimentError.cancelled }
    }
}

/// Why an experiment could not run or was stopped.
public struct ExperimentError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public static let cancelled = ExperimentError("cancelled")

    public var description: String { message }
}

extension Experiment {
    /// The given parameters completed with defaults; an unknown or missing parameter is an error that
    /// lists the valid ones.
    public func resolve(_ given: Parameters) throws -> Parameters {
        let known = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0) })
        for (name, _) in given where known[name] == nil {
            let list = parameters.map(\.name).joined(separator: ", ")
            throw ExperimentError("experiment '\(self.name)' has no parameter '\(name)' (valid: \(list))")
        }
        var resolved = given
        for info in parameters where resolved[info.name] == nil {
            guard let value = info.defaultValue else {
                throw ExperimentError("experiment '\(self.name)' needs parameter '\(info.name)': \(info.summary)")
            }
            resolved[info.name] = value
        }
        return resolved
    }
}
