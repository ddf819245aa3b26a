import ExperimentCatalog
import Foundation
import SweepModel
import Testing

/// The checks a coordinator runs on a submitted sweep: every value of every axis, relations and memory at
/// every combination, the size, each refusal at its file, line and field.
@Suite("Sweep validator")
struct SweepValidatorTests {
    static let sweeps = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sweeps")

    func refusal(_ text: String, maxPoints: Int = SweepSpec.defaultMaxPoints) throws -> SweepValidationError? {
        let spec = try SweepSpecParser(file: "s.yaml", maxPoints: .max).parse(text)
        do {
            try SweepValidator.validate(spec, maxPoints: maxPoints)
            return nil
        } catch {
            return error
        }
    }

    static let badSweeps: [(text: String, line: Int, field: String, fragment: String)] = [
        ("name: s\nexperiment: nosuch\n", 2, "experiment", "unknown experiment 'nosuch'"),
        ("name: s\nexperiment: noop\nparams: {colour: red}\n", 3, "params.colour", "no parameter 'colour'"),
        (
            "name: s\nexperiment: multimodal\ngrid:\n  sigma: [0.1,\n    \"abc\", true]\n", 5, "grid.sigma",
            "not the string 'abc'"
        ),
        (
            "name: s\nexperiment: multimodal\ngrid:\n  sigma: [0.1, 0.2,\n    true]\n", 5, "grid.sigma",
            "not the boolean true"
        ),
        (
            "name: s\nexperiment: multimodal\ngrid:\n  regime: [unimodal, bogus]\n", 4, "grid.regime",
            "one of multimodal, unimodal, not the string 'bogus'"
        ),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1, x]\n", 4, "grid.a", "a number, not the string 'x'"),
        (
            "name: s\nexperiment: gibbs\nparams: {quadrature_nodes: -3}\n", 3, "params.quadrature_nodes",
            "from 2 to 2048, not -3"
        ),
        ("name: s\nexperiment: multimodal\nzip:\n  - {tau: [0.1, 0], steps: [1, 2]}\n", 4, "zip[0].tau", "> 0, not 0"),
        (
            "name: s\nexperiment: consistency\ngrid:\n  pool: [64, 128]\n  n_negatives: [32, 100]\n", 5,
            "grid.n_negatives",
            "needs n_negatives <= pool, not n_negatives=100, pool=64"
        ),
        (
            "name: s\nexperiment: infonce_step\nparams:\n  dim: 2000000000\ngrid:\n  batch: [16, 2000000000]\n", 6,
            "grid.batch", "more than the limit for one task"
        ),
        ("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\nseeds: 4\n", 3, "sweep", "12 points (a 3 x 4 seeds)"),
    ]

    @Test(arguments: 0..<badSweeps.count)
    func everyRefusalNamesLineAndField(index: Int) throws {
        let bad = Self.badSweeps[index]
        let error = try #require(try refusal(bad.text, maxPoints: 10), "accepted: \(bad.text)")
        #expect(error.location.file == "s.yaml")
        #expect(error.location.line == bad.line, "\(error)")
        #expect(error.field == bad.field, "\(error)")
        #expect(error.message.contains(bad.fragment), "\(error)")
        #expect(error.description.hasPrefix("s.yaml:\(bad.line):"))
    }

    @Test(arguments: ExperimentCatalog.all.map(\.name))
    func aCheckedSweepCarriesItsExperimentsVersionIntoItsKeys(experiment: String) throws {
        let spec = try SweepValidator.parse("name: v\nexperiment: \(experiment)\n", file: "v.yaml")
        let version = try #require(ExperimentCatalog.descriptor(named: experiment)).version
        #expect(spec.experimentVersion == version)
        let task = try #require(Array(try spec.expand()).first)
        #expect(task.key == TaskSpec(experiment: experiment, version: version, parameters: task.parameters).key)
    }

    @Test func autoAndNumbersMixWhereAParameterTakesBoth() throws {
        #expect(try refusal("name: s\nexperiment: consistency\ngrid:\n  tau: [auto, 0.1, 1]\n") == nil)
    }

    @Test func everyShippedSweepIsValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.sweeps.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(files.count >= 7)
        for file in files {
            let spec = try SweepSpecParser.parse(contentsOf: Self.sweeps.appendingPathComponent(file).path)
            try SweepValidator.validate(spec)
        }
    }

    @Test func everyDefaultLiesInItsRange() throws {
        for descriptor in ExperimentCatalog.all {
            for parameter in descriptor.parameters {
                let value = try #require(parameter.defaultValue, "\(descriptor.name).\(parameter.name)")
                #expect(parameter.problem(with: value) == nil, "\(descriptor.name).\(parameter.name)")
            }
            _ = try descriptor.resolve(Parameters())
            #expect(descriptor.parameter(named: "seed") != nil, "\(descriptor.name)")
        }
    }

    @Test func combinationsAreCheckedWithoutWalkingThePoints() throws {
        let axis = (1...2000).map(String.init).joined(separator: ", ")
        let text = "name: s\nexperiment: consistency\ngrid:\n  anchors: [\(axis)]\n  n_negatives: [1, 2]\nseeds: 1000\n"
        let spec = try SweepSpecParser(file: "s.yaml").parse(text)
        let clock = ContinuousClock()
        let start = clock.now
        try SweepValidator.validate(spec)
        #expect(clock.now - start < .seconds(5))
    }
}
