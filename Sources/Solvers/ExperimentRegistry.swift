import ExperimentCatalog

/// The experiments a worker can run, by the names sweep files use: one for each description in the
/// `ExperimentCatalog`.
public enum ExperimentRegistry {
    public static let all: [any Experiment] = [
        NoopExperiment(), InfoNCEStepExperiment(), ModalityGapExperiment(), GibbsExperiment(),
        ConsistencyExperiment(), FSymExperiment(), SyntheticBoundaryExperiment(),
    ]

    public static var names: [String] { all.map(\.name) }

    public static func experiment(named name: String) throws -> any Experiment {
        guard let experiment = all.first(where: { $0.name == name }) else {
            throw ExperimentError.unknownExperiment(name: name, known: names)
        }
        return experiment
    }
}
