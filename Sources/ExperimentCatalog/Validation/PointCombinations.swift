import SweepModel

/// The distinct combinations of the values that an experiment's relations and memory estimate read, over
/// the dimensions of a sweep (grid axes, zip groups) that set any of them: a sweep's points are checked
/// there without walking every point (the seeds and the other axes change nothing these checks read).
struct PointCombinations {
    private let spec: SweepSpec
    private let descriptor: ExperimentDescriptor
    /// For each dimension that sets a read parameter: its distinct entries, as (name, value) lists.
    private let dimensions: [[[(name: String, value: ParamValue)]]]
    private let base: Parameters

    init(spec: SweepSpec, descriptor: ExperimentDescriptor) {
        self.spec = spec
        self.descriptor = descriptor
        let read = Set(descriptor.pointParameters)
        let groups = spec.grid.map { [$0] } + spec.zipGroups
        dimensions = groups.compactMap { group -> [[(name: String, value: ParamValue)]]? in
            let axes = group.filter { read.contains($0.name) }
            guard let first = axes.first else { return nil }
            var seen: Set<[ParamValue]> = []
            return first.values.indices.compactMap { index in
                let entry = axes.map { (name: $0.name, value: $0.values[index]) }
                return seen.insert(entry.map(\.value)).inserted ? entry : nil
            }
        }
        base = spec.fixed
    }

    /// Resolves every combination and checks its relations and memory; the first failure is thrown.
    func check(threads: Int, limitBytes: Double, limit: String) throws(SweepValidationError) {
        if dimensions.contains(where: \.isEmpty) { return }
        var counters = [Int](repeating: 0, count: dimensions.count)
        while true {
            var parameters = base
            for (dimension, index) in zip(dimensions, counters) {
                for (name, value) in dimension[index] { parameters[name] = value }
            }
            do {
                let resolved = try descriptor.resolve(parameters)
                try descriptor.checkMemory(resolved, threads: threads, limitBytes: limitBytes, limit: limit)
            } catch {
                throw located(error)
            }
            var position = counters.count - 1
            while position >= 0 {
                counters[position] += 1
                if counters[position] < dimensions[position].count { break }
                counters[position] = 0
                position -= 1
            }
            if position < 0 { return }
        }
    }

    /// The problem at the first of its parameters the file sets (an axis before a fixed value), else at the
    /// experiment.
    private func located(_ problem: ParameterProblem) -> SweepValidationError {
        let axes = Set(spec.axes.map(\.name))
        let written = problem.parameters.filter { spec.locations[$0] != nil }
        guard let name = written.first(where: axes.contains) ?? written.first else {
            return .invalidPoint(problem, field: "experiment", at: spec.location(of: SweepSpec.experimentLocationKey))
        }
        return .invalidPoint(problem, field: spec.field(of: name), at: spec.location(of: name))
    }
}
