import Solvers
import SweepModel

/// Reads a sweep file and checks it against the experiment registry, naming the line at fault.
enum SpecLoader {
    static func load(
        _ path: String, maxPoints: Int = SweepSpec.defaultMaxPoints
    ) throws -> (spec: SweepSpec, text: String) {
        let text = try SweepSpecParser.read(path)
        let spec = try SweepSpecParser(file: path, maxPoints: maxPoints).parse(text)
        try check(spec, file: path)
        return (spec, text)
    }

    static func check(_ spec: SweepSpec, file: String) throws {
        let experiment: any Experiment
        do {
            experiment = try ExperimentRegistry.experiment(named: spec.experiment)
        } catch {
            throw SweepSpecError(
                location: spec.locations[SweepSpec.experimentLocationKey]
                    ?? SourceLocation(file: file, line: 0, column: 0),
                field: "experiment", message: "\(error)")
        }
        let known = Set(experiment.parameters.map(\.name))
        for name in spec.fixed.names + spec.axes.map(\.name) where !known.contains(name) {
            throw SweepSpecError(
                location: spec.locations[name] ?? SourceLocation(file: file, line: 0, column: 0), field: name,
                message: "experiment '\(experiment.name)' has no parameter '\(name)' (valid: "
                    + experiment.parameters.map(\.name).joined(separator: ", ") + ")")
        }
        var points = spec.expand().makeIterator()
        if let first = points.next() { _ = try experiment.resolve(first.parameters) }
    }
}
