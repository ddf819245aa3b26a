import SweepModel

/// What defines a stored sweep beyond its points: a file submitted under the same name must agree on all of it.
struct StoredDefinition {
    var experiment: String
    /// The fixed parameters' canonical JSON; nil for sweeps stored before it was recorded.
    var fixed: String?
    var axisNames: [String]

    /// Why `spec` is not an extension of this sweep, or nil when it is (more axis values, more seeds, or a
    /// command sweep's changed command or code, which the sweep moves to).
    func difference(from spec: SweepSpec) throws -> String? {
        let bothCommands = CommandSpec.isCommand(experiment) && CommandSpec.isCommand(spec.experiment)
        if experiment != spec.experiment, !bothCommands {
            return "runs experiment '\(experiment)', not '\(spec.experiment)'"
        }
        if let fixed, fixed != spec.fixed.canonicalJSON {
            let stored = try Parameters(canonicalJSON: fixed)
            let changed = Set(stored.names).union(spec.fixed.names).filter { stored[$0] != spec.fixed[$0] }.sorted()
            let described = changed.map { name in
                "\(name) \(stored[name].map { "is \($0.canonicalJSON)" } ?? "is not fixed"), "
                    + "this file has \(spec.fixed[name].map(\.canonicalJSON) ?? "none")"
            }
            return "its fixed parameters differ (\(described.joined(separator: "; ")))"
        }
        let names = spec.axes.map(\.name)
        if Set(axisNames) != Set(names) {
            return "its axes are \(Self.list(axisNames)), this file's are \(Self.list(names)); "
                + "an extension may add values and seeds, not axes"
        }
        return nil
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.sorted().joined(separator: ", ")
    }
}
