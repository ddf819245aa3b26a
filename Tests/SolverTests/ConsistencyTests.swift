import SweepModel
import Testing
@testable import Solvers

@Suite("consistency experiment")
struct ConsistencyTests {
    @Test("the encoder gradient matches finite differences", arguments: Critic.allCases)
    func finiteDifferences(critic: Critic) {
        var generator = SplitMix64(seed: 4)
        var setup = ConsistencySetup(
            critic: critic, tau: critic == .cosine ? 0.5 : 1, rbfScale: 4, noise: 0.3,
            inputDim: 5, outputDim: 4, anchors: 3, pool: 6, components: 2, meanScale: 2,
            generator: &generator)
        let (_, gradient) = setup.lossAndGradient(negatives: 4)
        let step = 1e-6
        var numeric: [Double] = []
        for index in setup.weights.values.indices {
            let original = setup.weights.values[index]
            setup.weights.values[index] = original + step
            let up = setup.lossAndGradient(negatives: 4).0
            setup.weights.values[index] = original - step
            let down = setup.lossAndGradient(negatives: 4).0
            setup.weights.values[index] = original
            numeric.append((up - down) / (2 * step))
        }
        #expect(relativeError(gradient.values, numeric) < 1e-6)
    }

    @Test("grad_cos rises with n_negatives", arguments: Critic.allCases)
    func cosineRises(critic: Critic) throws {
        let experiment = ConsistencyExperiment()
        let counts = [4, 32, 256, 1024]
        let medians = try counts.map { negatives in
            let values = try (0..<3).map { seed in
                let given = Parameters([
                    "critic": .string(critic.rawValue), "n_negatives": .number(Double(negatives)),
                    "seed": .number(Double(seed)),
                ])
                return try experiment.run(try experiment.resolve(given), context: RunContext())["grad_cos"]!
            }
            return values.sorted()[1]
        }
        for (smaller, larger) in zip(medians, medians.dropFirst()) { #expect(larger > smaller) }
        #expect(medians.last! > 0.95)
        #expect(medians.first! < 0.8)
    }

    /// The README's figures (sweeps/paper-consistency.yaml): the median grad_cos over seeds 0..<20 at N = 4
    /// and N = 1024, for each way of drawing the pool. Tolerances are three times the spread of that median:
    /// over the three disjoint sets of 20 seeds in 0..<60 (`infosweep solve consistency`), the medians had
    /// sd 0.022 (cosine, N = 4), 0.0064 (RBF, N = 4), 0.0004 (cosine, N = 1024) and below 1e-4 (RBF, N = 1024;
    /// floor 0.001) with the same mixture; 0.023, 0.012, 0.0006 and 1e-4 with a fresh one.
    static let readmeFigures: [(Critic, String, Int, median: Double, tolerance: Double)] = [
        (.cosine, "same_mixture", 4, 0.405, 0.066), (.cosine, "same_mixture", 1024, 0.993, 0.0013),
        (.rbf, "same_mixture", 4, 0.413, 0.019), (.rbf, "same_mixture", 1024, 0.993, 0.001),
        (.cosine, "fresh_mixture", 4, 0.301, 0.069), (.cosine, "fresh_mixture", 1024, 0.985, 0.0018),
        (.rbf, "fresh_mixture", 4, 0.389, 0.035), (.rbf, "fresh_mixture", 1024, 0.992, 0.001),
    ]

    @Test("grad_cos at 4 and 1024 negatives is the README's, within the seed spread", arguments: 0..<8)
    func readmeFigure(index: Int) throws {
        let (critic, pool, negatives, median, tolerance) = Self.readmeFigures[index]
        let experiment = ConsistencyExperiment()
        let values = try (0..<20).map { seed in
            let given = Parameters([
                "critic": .string(critic.rawValue), "n_negatives": .number(Double(negatives)),
                "seed": .number(Double(seed)), "negatives": .string(pool),
            ])
            return try experiment.run(try experiment.resolve(given), context: RunContext())["grad_cos"]!
        }
        let sorted = values.sorted()
        let measured = (sorted[9] + sorted[10]) / 2
        #expect(abs(measured - median) < tolerance, "\(critic), \(pool), N = \(negatives): median \(measured)")
    }

    /// grad_cos of two small runs, measured before the experiment had `negatives`: same_mixture, the default,
    /// keeps computing them, so the task keys of sweeps that do not name it (and their stored results) hold.
    @Test("same_mixture, the default, computes what the experiment computed before negatives existed")
    func sameMixtureIsTheEarlierSetup() throws {
        let experiment = ConsistencyExperiment()
        for (critic, before) in [("cosine", 0.5201291484547903), ("rbf", 0.6859768101930912)] {
            var given = Parameters([
                "critic": .string(critic), "n_negatives": .number(8), "seed": .number(3), "pool": .number(64),
                "anchors": .number(16),
            ])
            let byDefault = try experiment.run(try experiment.resolve(given), context: RunContext())
            given["negatives"] = .string("same_mixture")
            let named = try experiment.run(try experiment.resolve(given), context: RunContext())
            #expect(abs(byDefault["grad_cos"]! - before) < 1e-12, "\(critic)")
            #expect(named == byDefault)
            given["negatives"] = .string("fresh_mixture")
            let fresh = try experiment.run(try experiment.resolve(given), context: RunContext())
            #expect(fresh["grad_cos"] != byDefault["grad_cos"])
        }
    }

    @Test("unknown parameters and experiments are errors that list the valid ones")
    func resolveErrors() throws {
        let experiment = ConsistencyExperiment()
        do {
            _ = try experiment.resolve(Parameters(["n_negative": .number(4)]))
            Issue.record("an unknown parameter was accepted")
        } catch let error as ExperimentError {
            #expect(error.message.contains("n_negatives"))
        }
        #expect(throws: ExperimentError.self) { try ExperimentRegistry.experiment(named: "consistancy") }
        let resolved = try experiment.resolve(Parameters())
        #expect(resolved["pool"] == .number(4096))
    }
}
