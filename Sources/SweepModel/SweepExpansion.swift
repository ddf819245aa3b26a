/// One point of a sweep: the experiment, its full parameters (seed included) and its content address.
public struct TaskSpec: Sendable, Hashable, Codable {
    public var key: String
    public var experiment: String
    public var parameters: Parameters

    public init(experiment: String, parameters: Parameters) {
        self.experiment = experiment
        self.parameters = parameters
        self.key = TaskIdentity.key(experiment: experiment, parameters: parameters)
    }
}

extension SweepSpec {
    /// The tasks of the sweep: the Cartesian product of the grid axes and the zipped groups, times the
    /// seeds, less the excluded points, in a stable order (first axis slowest, seed fastest).
    public func expand() -> [TaskSpec] {
        var dimensions: [[[(String, ParamValue)]]] = grid.map { axis in axis.values.map { [(axis.name, $0)] } }
        for group in zipGroups {
            let length = group.first?.values.count ?? 0
            dimensions.append((0..<length).map { index in group.map { ($0.name, $0.values[index]) } })
        }
        dimensions.append(seeds.map { [("seed", ParamValue.number(Double($0)))] })

        var tasks: [TaskSpec] = []
        tasks.reserveCapacity(dimensions.reduce(1) { $0 * $1.count })
        var counters = [Int](repeating: 0, count: dimensions.count)
        if dimensions.contains(where: \.isEmpty) { return [] }
        while true {
            var parameters = fixed
            for (dimension, index) in zip(dimensions, counters) {
                for (name, value) in dimension[index] { parameters[name] = value }
            }
            if !isExcluded(parameters) {
                tasks.append(TaskSpec(experiment: experiment, parameters: parameters))
            }
            var position = dimensions.count - 1
            while position >= 0 {
                counters[position] += 1
                if counters[position] < dimensions[position].count { break }
                counters[position] = 0
                position -= 1
            }
            if position < 0 { break }
        }
        return tasks
    }

    private func isExcluded(_ parameters: Parameters) -> Bool {
        exclusions.contains { rule in rule.allSatisfy { parameters[$0.name] == $0.value } }
    }
}
