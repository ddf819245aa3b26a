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

    @Test("a badly typed parameter is a clear error")
    func badValue() throws {
        let experiment = ModalityGapExperiment()
        let given = try experiment.resolve(Parameters(["regime": .string("trimodal")]))
        #expect(throws: ExperimentError.self) { try experiment.run(given, context: RunContext()) }
    }
}
