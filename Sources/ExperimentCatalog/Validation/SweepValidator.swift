import SweepModel

/// Checks a parsed sweep completely against its experiment's description, without expanding it: the
/// experiment exists, every parameter is known, every value of every axis has its parameter's kind and
/// range, the relations between parameters and the memory estimate hold at every combination the sweep
/// contains, and the sweep is not too large. Clients and the coordinator run the same checks.
public enum SweepValidator {
    /// The most memory one task may need unless the caller says otherwise, in GB.
    public static let defaultMaxTaskMemoryGB = 1024.0

    /// Parses a sweep file's text and checks it completely: what every client and the coordinator accept.
    public static func parse(
        _ text: String, file: String, maxPoints: Int = SweepSpec.defaultMaxPoints
    ) throws
        -> SweepSpec
    {
        var spec = try SweepSpecParser(file: file, maxPoints: maxPoints).parse(text)
        try validate(spec, maxPoints: maxPoints)
        spec.experimentVersion = ExperimentCatalog.descriptor(named: spec.experiment)?.version ?? 1
        return spec
    }

    public static func validate(
        _ spec: SweepSpec, maxPoints: Int = SweepSpec.defaultMaxPoints,
        maxTaskMemoryGB: Double = defaultMaxTaskMemoryGB
    ) throws(SweepValidationError) {
        if spec.command != nil {
            try checkSize(spec, maxPoints: maxPoints)
            try checkRequirements(spec)
            return
        }
        guard let descriptor = ExperimentCatalog.descriptor(named: spec.experiment) else {
            throw .unknownExperiment(
                name: spec.experiment, known: ExperimentCatalog.names,
                at: spec.location(of: SweepSpec.experimentLocationKey))
        }
        try checkSize(spec, maxPoints: maxPoints)
        try checkRequirements(spec)
        try checkValues(spec, descriptor)
        try PointCombinations(spec: spec, descriptor: descriptor).check(
            threads: max(1, spec.requirements.cores), limitBytes: maxTaskMemoryGB * 1_073_741_824,
            limit: "the limit for one task")
    }

    private static func checkSize(_ spec: SweepSpec, maxPoints: Int) throws(SweepValidationError) {
        do {
            try spec.checkSize(maxPoints: maxPoints)
        } catch {
            throw .tooLarge(error, at: spec.location(of: SweepSpec.sizeLocationKey))
        }
    }

    private static func checkRequirements(_ spec: SweepSpec) throws(SweepValidationError) {
        let requirements = spec.requirements
        let location = spec.location(of: SweepSpec.requirementsLocationKey)
        if !(0...Requirements.maxCores).contains(requirements.cores) {
            throw .invalidRequirement(
                field: "requires.cores",
                problem: "\(requirements.cores) is not from 1 to "
                    + "\(Requirements.maxCores)", at: location)
        }
        if !(0...Int(Requirements.maxMemoryGB * 1024)).contains(requirements.memoryMB) {
            throw .invalidRequirement(
                field: "requires.memory_gb",
                problem: "\(requirements.memoryMB) MB is not "
                    + "from 0 to \(Int(Requirements.maxMemoryGB)) GB", at: location)
        }
        if !(0...Requirements.maxGPUs).contains(requirements.gpus) {
            throw .invalidRequirement(
                field: "requires.gpus", problem: "\(requirements.gpus) is not from 0 to \(Requirements.maxGPUs)",
                at: location)
        }
    }

    /// Every name known, every fixed value, every axis value and the extreme seeds of their parameter's kind.
    private static func checkValues(_ spec: SweepSpec, _ descriptor: ExperimentDescriptor) throws(SweepValidationError)
    {
        func parameter(_ name: String) throws(SweepValidationError) -> ParameterDescriptor {
            guard let parameter = descriptor.parameter(named: name) else {
                throw .invalidParameter(
                    .unknown(name: name, experiment: descriptor.name, known: descriptor.parameters.map(\.name)),
                    field: spec.field(of: name), at: spec.location(of: name))
            }
            return parameter
        }
        for (name, value) in spec.fixed {
            if let problem = try parameter(name).problem(with: value) {
                throw .invalidParameter(problem, field: spec.field(of: name), at: spec.location(of: name))
            }
        }
        for axis in spec.axes {
            let descriptor = try parameter(axis.name)
            let locations = spec.valueLocations[axis.name] ?? []
            for (index, value) in axis.values.enumerated() {
                guard let problem = descriptor.problem(with: value) else { continue }
                let location = index < locations.count ? locations[index] : spec.location(of: axis.name)
                throw .invalidParameter(problem, field: spec.field(of: axis.name), at: location)
            }
        }
        let seed = try parameter("seed")
        for value in [spec.seeds.bounds?.lowerBound, spec.seeds.bounds?.upperBound].compactMap({ $0 }) {
            if let problem = seed.problem(with: .number(Double(value))) {
                throw .invalidParameter(problem, field: "seeds", at: spec.location(of: SweepSpec.sizeLocationKey))
            }
        }
    }
}
