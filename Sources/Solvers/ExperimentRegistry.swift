/// The experiments a worker can run, by the names sweep files use.
public enum ExperimentRegistry {
    public static let all: [any Experiment] = [
        NoopExperiment(), InfoNCEStepExperiment(), ModalityGapExperiment(), GibbsExperiment(),
        ConsistencyExperiment(), FSymExperiment(),
    ]

    public static var names: [String] { all.map(\.name) }

    public static func experiment(named name: String) throws -> any Experiment {
        guard let experiment = all.first(where: { $0.name == name }) else {
            throw ExperimentError("unknown experiment '\(name)' (valid: \(names.joined(separator: ", ")))")
        }
        return experiment
    }
}
