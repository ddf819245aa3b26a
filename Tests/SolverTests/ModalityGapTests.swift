import Foundation
import SweepModel
import Testing
@testable import Solvers

@Suite("multimodal experiment")
struct ModalityGapTests {
    static func runs(regime: String, sigma: Double, seeds: Range<Int>) throws -> [Metrics] {
        let experiment = ModalityGapExperiment()
        return try seeds.map { seed in
            let given = Parameters([
                "regime": .string(regime), "sigma": .number(sigma), "seed": .number(Double(seed)),
                "energy_pairs": .number(500),
            ])
            return try experiment.run(try experiment.resolve(given), context: RunContext())
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    /// The README's figures (sweeps/paper-modality-gap.yaml, medians over seeds 0..<20): symkl_laplace 0.0057
    /// at sigma 0 and 0.162 at 0.7, pos_cos 0.998 and 0.865. The test takes seeds 0..<5; over the four
    /// disjoint sets of 5 seeds in 0..<20 (`infosweep solve multimodal`) the 5-seed medians had sd 0.0010
    /// and 0.0106 (symkl_laplace), below 1e-4 and 0.0043 (pos_cos): the tolerances are three of those.
    @Test("two encoders open the README's gap at sigma 0.7 that sigma 0 lacks, with alignment kept")
    func multimodalGap() throws {
        let matched = try Self.runs(regime: "multimodal", sigma: 0, seeds: 0..<5)
        let heterogeneous = try Self.runs(regime: "multimodal", sigma: 0.7, seeds: 0..<5)
        let low = Self.median(matched.map { $0["symkl_laplace"]! })
        let high = Self.median(heterogeneous.map { $0["symkl_laplace"]! })
        #expect(abs(low - 0.0057) < 0.003, "median symkl_laplace at sigma 0: \(low)")
        #expect(abs(high - 0.162) < 0.032, "median symkl_laplace at sigma 0.7: \(high)")
        let alignment = (
            Self.median(matched.map { $0["pos_cos"]! }), Self.median(heterogeneous.map { $0["pos_cos"]! })
        )
        #expect(abs(alignment.0 - 0.998) < 0.001, "median pos_cos at sigma 0: \(alignment.0)")
        #expect(abs(alignment.1 - 0.865) < 0.013, "median pos_cos at sigma 0.7: \(alignment.1)")
        let gaps = (
            Self.median(matched.map { $0["centroid_gap"]! }),
            Self.median(heterogeneous.map { $0["centroid_gap"]! })
        )
        #expect(gaps.1 > gaps.0)
    }

    @Test("one shared encoder on the same data shows no such gap")
    func unimodalNoGap() throws {
        let multimodal = Self.median(
            try Self.runs(regime: "multimodal", sigma: 0.6, seeds: 0..<3)
                .map { $0["symkl_laplace"]! })
        let unimodal = try Self.runs(regime: "unimodal", sigma: 0.6, seeds: 0..<3)
        let unimodalMatched = try Self.runs(regime: "unimodal", sigma: 0, seeds: 0..<3)
        let gap = Self.median(unimodal.map { $0["symkl_laplace"]! })
        #expect(gap < 0.2 * multimodal)
        #expect(gap < 3 * Self.median(unimodalMatched.map { $0["symkl_laplace"]! }) + 0.01)
        #expect(unimodal.allSatisfy { $0["pos_cos"]! > 0.8 })
    }

    @Test("a seed fixes a run")
    func reproducible() throws {
        let experiment = ModalityGapExperiment()
        let given = try experiment.resolve(Parameters(["steps": .number(50), "eval_pairs": .number(500)]))
        let first = try experiment.run(given, context: RunContext())
        let second = try experiment.run(given, context: RunContext())
        #expect(first == second)
        var other = given
        other["seed"] = .number(1)
        #expect(try experiment.run(other, context: RunContext()) != first)
    }

    @Test("the Laplace divergence of two samples of one law is small; of two laws, large")
    func divergenceEstimator() {
        var generator = SplitMix64(seed: 3)
        let a = (0..<4000).map { _ in Gaussian.vonMises(&generator, mean: 0, kappa: 2) }
        let b = (0..<4000).map { _ in Gaussian.vonMises(&generator, mean: 0, kappa: 2) }
        let c = (0..<4000).map { _ in Gaussian.vonMises(&generator, mean: 1, kappa: 2) }
        let histogram = { (x: [Double]) in DistributionDistances.angleHistogram(x, bins: 60) }
        let same = DistributionDistances.symmetricKL(histogram(a), histogram(b), pseudocount: 1)
        let different = DistributionDistances.symmetricKL(histogram(a), histogram(c), pseudocount: 1)
        #expect(same < 0.05)
        #expect(different > 10 * same)
        let meanCos = a.map { Foundation.cos($0) }.reduce(0, +) / Double(a.count)
        #expect(abs(meanCos - 0.698) < 0.03)  // I1(2)/I0(2) for a von Mises of concentration 2
    }
}
