import ExperimentCatalog
import SweepModel
import Testing
@testable import Solvers

/// Absurd parameters are refused before anything is allocated, naming the parameter (release builds are
/// -Ounchecked: a bad size would otherwise trap, wrap or hang).
@Suite("parameter ranges")
struct ParameterRangeTests {
    static let absurd: [(experiment: String, parameters: [String: ParamValue], parameter: String)] = [
        ("gibbs", ["quadrature_nodes": .number(-3)], "quadrature_nodes"),
        ("gibbs", ["quadrature_nodes": .number(1e9)], "quadrature_nodes"),
        ("gibbs", ["tau": .number(-1)], "tau"),
        ("gibbs", ["cap_radius": .number(3)], "cap_radius"),
        ("fsym", ["bins": .number(-1)], "bins"),
        ("fsym", ["bins": .number(0)], "bins"),
        ("fsym", ["tau": .number(0)], "tau"),
        ("consistency", ["components": .number(0)], "components"),
        ("consistency", ["input_dim": .number(0)], "input_dim"),
        ("consistency", ["tau": .number(0)], "tau"),
        ("consistency", ["tau": .string("hot")], "tau"),
        ("consistency", ["n_negatives": .number(8192)], "n_negatives"),
        ("infonce_step", ["batch": .number(9e14), "dim": .number(9e14)], "batch"),
        ("infonce_step", ["tau": .number(0)], "tau"),
        ("infonce_step", ["batch": .number(2.5)], "batch"),
        ("multimodal", ["energy_pairs": .number(-5)], "energy_pairs"),
        ("multimodal", ["tau": .number(0)], "tau"),
        ("multimodal", ["tau": .number(-1)], "tau"),
        ("multimodal", ["sigma": .string("abc")], "sigma"),
        ("multimodal", ["sigma": .bool(true)], "sigma"),
        ("noop", ["duration_ms": .number(-1)], "duration_ms"),
    ]

    @Test(arguments: 0..<absurd.count)
    func absurdParametersAreRefusedByName(index: Int) throws {
        let (name, values, parameter) = Self.absurd[index]
        let experiment = try ExperimentRegistry.experiment(named: name)
        do {
            _ = try experiment.run(Parameters(values), context: RunContext())
            Issue.record("\(name) ran with \(values)")
        } catch ExperimentError.invalidParameters(let named, let problem) {
            #expect(named == name)
            #expect(problem.parameters.first == parameter, "\(problem)")
            #expect("\(ExperimentError.invalidParameters(experiment: named, problem))".contains(parameter))
        }
    }

    @Test func aTaskThatNeedsMoreMemoryThanTheMachineIsRefusedWithTheAmount() throws {
        let experiment = InfoNCEStepExperiment()
        let given = Parameters(["batch": .number(2e9), "dim": .number(2e9)])
        #expect(try experiment.resolve(given)["batch"] == .number(2e9))
        do {
            _ = try experiment.run(given, context: RunContext())
            Issue.record("a 2e9 x 2e9 batch ran")
        } catch ExperimentError.invalidParameters(_, .memory(let needed, let limit, _, let parameters, let values)) {
            #expect(needed > 1e19 && needed > limit)
            #expect(parameters.first == "batch" && values.contains("dim=2000000000"))
        }
        let big = Parameters(["particles": .number(10_000_000)])
        #expect(throws: ExperimentError.self) { try FSymExperiment().run(big, context: RunContext()) }
        #expect(throws: ExperimentError.self) { try GibbsExperiment().run(big, context: RunContext()) }
        let batch = Parameters(["batch": .number(1_000_000)])
        #expect(throws: ExperimentError.self) { try ModalityGapExperiment().run(batch, context: RunContext()) }
    }

    @Test func absurdThreadCountsAreRefused() throws {
        do {
            _ = try NoopExperiment().run(Parameters(), context: RunContext(threads: 100_000))
            Issue.record("ran on 100000 threads")
        } catch ExperimentError.tooManyThreads(let requested, let limit) {
            #expect(requested == 100_000 && limit == Requirements.maxCores)
        }
    }

    @Test func theDefaultsOfEveryExperimentFitAnOrdinaryMachine() throws {
        for experiment in ExperimentRegistry.all {
            let resolved = try experiment.descriptor.resolve(Parameters())
            #expect(experiment.descriptor.memory.bytes(resolved, 2) < 1e9, "\(experiment.name)")
        }
    }
}
