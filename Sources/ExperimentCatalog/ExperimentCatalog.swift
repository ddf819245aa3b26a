/// The experiments by the names sweep files use, as descriptions (no numeric code): what a coordinator
/// checks sweeps against, and what `Solvers` implements.
public enum ExperimentCatalog {
    public static let all: [ExperimentDescriptor] = [
        .noop, .infonceStep, .multimodal, .gibbs, .consistency, .fsym, .syntheticBoundary,
    ]

    public static var names: [String] { all.map(\.name) }

    public static func descriptor(named name: String) -> ExperimentDescriptor? {
        all.first { $0.name == name }
    }
}
