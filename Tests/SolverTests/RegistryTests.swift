import ExperimentCatalog
import SweepModel
import Testing
@testable import Solvers

@Suite("experiment registry")
struct RegistryTests {
    @Test("every experiment is registered once and every parameter has a default")
    func defaults() throws {
        let names = ExperimentRegistry.names
        #expect(Set(names).count == names.count)
        for name in ["noop", "consistency", "gibbs", "multimodal", "fsym", "infonce_step"] {
            #expect(names.contains(name), "missing \(name)")
        }
        for experiment in ExperimentRegistry.all {
            #expect(experiment.parameters.allSatisfy { $0.defaultValue != nil }, "\(experiment.name)")
            let resolved = try experiment.resolve(Parameters())
            #expect(resolved.names.count == experiment.parameters.count)
        }
    }

    @Test("an unknown experiment's error lists the valid names")
    func unknownExperiment() {
        do {
            _ = try ExperimentRegistry.experiment(named: "gibs")
            Issue.record("accepted an unknown experiment")
        } catch let error as ExperimentError {
            #expect(error.message.contains("gibbs") && error.message.contains("multimodal"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a value outside a parameter's choices is a clear error, before the run")
    func badValue() throws {
        let experiment = ModalityGapExperiment()
        let given = Parameters(["regime": .string("trimodal")])
        #expect(throws: ExperimentError.self) { try experiment.resolve(given) }
        #expect(throws: ExperimentError.self) { try experiment.run(given, context: RunContext()) }
    }

    @Test("each experiment runs the catalog's description of itself")
    func descriptionsMatchTheCatalog() {
        #expect(ExperimentRegistry.names == ExperimentCatalog.names)
    }
}
