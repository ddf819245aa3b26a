import SweepModel

/// What an experiment is, declaratively: its name, its parameters (kinds, ranges, defaults), the
/// requirements between them and the memory a task needs. Light enough for a coordinator to check sweeps
/// with; `Solvers` runs the experiments it describes.
public struct ExperimentDescriptor: Sendable {
    public let name: String
    /// Raised whenever the experiment's numbers change: it enters every task key, so results of an earlier
    /// version are never taken for the new one's (version 1 leaves keys as they were before versions).
    public let version: Int
    public let summary: String
    public let parameters: [ParameterDescriptor]
    public let relations: [ParameterRelation]
    public let memory: MemoryModel

    public init(
        name: String, version: Int = 1, summary: String, parameters: [ParameterDescriptor],
        relations: [ParameterRelation] = [], memory: MemoryModel = .negligible
    ) {
        self.name = name
        self.version = version
        self.summary = summary
        self.parameters = parameters
        self.relations = relations
        self.memory = memory
    }

    public func parameter(named name: String) -> ParameterDescriptor? {
        parameters.first { $0.name == name }
    }

    /// The parameters the relations and the memory estimate read: a sweep is checked at every distinct
    /// combination of their values.
    public var pointParameters: [String] {
        var names: [String] = []
        for name in relations.flatMap(\.parameters) + memory.parameters where !names.contains(name) {
            names.append(name)
        }
        return names
    }

    /// `given` completed with defaults, every value checked against its parameter, and the relations.
    public func resolve(_ given: Parameters) throws(ParameterProblem) -> ResolvedParameters {
        for (name, _) in given where parameter(named: name) == nil {
            throw .unknown(name: name, experiment: self.name, known: parameters.map(\.name))
        }
        var complete = given
        for descriptor in parameters {
            guard let value = given[descriptor.name] ?? descriptor.defaultValue else {
                throw .missing(name: descriptor.name, experiment: name, summary: descriptor.summary)
            }
            if let problem = descriptor.problem(with: value) { throw problem }
            complete[descriptor.name] = value
        }
        let resolved = ResolvedParameters(checked: complete)
        for relation in relations where !relation.holds(resolved) {
            throw .relation(
                requirement: relation.requirement, parameters: relation.parameters,
                values: resolved.describe(relation.parameters))
        }
        return resolved
    }

    /// Throws when a task with `parameters` on `threads` threads needs more than `limitBytes` of memory;
    /// `limit` names whose limit it is ("this machine's memory").
    public func checkMemory(
        _ parameters: ResolvedParameters, threads: Int, limitBytes: Double, limit: String
    ) throws(ParameterProblem) {
        let needed = memory.bytes(parameters, threads)
        guard needed <= limitBytes else {
            throw .memory(
                neededBytes: needed, limitBytes: limitBytes, limit: limit, parameters: memory.parameters,
                values: parameters.describe(memory.parameters))
        }
    }
}

/// A requirement between parameters that each one's range cannot say ("n_negatives <= pool").
public struct ParameterRelation: Sendable {
    public let parameters: [String]
    public let requirement: String
    public let holds: @Sendable (ResolvedParameters) -> Bool

    public init(_ requirement: String, parameters: [String], holds: @escaping @Sendable (ResolvedParameters) -> Bool) {
        self.requirement = requirement
        self.parameters = parameters
        self.holds = holds
    }
}

/// The memory one task needs, estimated from its parameters and threads before anything is allocated
/// (in Double, so that absurd sizes give a huge number rather than an overflow).
public struct MemoryModel: Sendable {
    /// The parameters the estimate reads.
    public let parameters: [String]
    public let bytes: @Sendable (ResolvedParameters, _ threads: Int) -> Double

    public init(parameters: [String], bytes: @escaping @Sendable (ResolvedParameters, Int) -> Double) {
        self.parameters = parameters
        self.bytes = bytes
    }

    /// An experiment whose memory does not depend on its parameters.
    public static let negligible = MemoryModel(parameters: []) { _, _ in 0 }
}
