import Foundation
import SweepModel
import Testing
@testable import Solvers

@Suite("gibbs experiment")
struct GibbsTests {
    /// Cap mass of the authors' potential by self-normalised Monte Carlo: uniform points on S^2 weighted
    /// by exp(-U/tau), with the potential written out here independently of the solver's.
    static func monteCarloCapMass(tau: Double, samples: Int, seed: UInt64) -> (mean: Double, standardError: Double) {
        let (k, w) = (12.0, 0.5)
        let m1 = (0.0, 0.0, 1.0)
        let raw = (0.85, 0.15, -0.5)
        let length = (raw.0 * raw.0 + raw.1 * raw.1 + raw.2 * raw.2).squareRoot()
        let m2 = (raw.0 / length, raw.1 / length, raw.2 / length)
        let threshold = cos(0.5)
        var generator = SplitMix64(seed: seed)
        var (sumWeight, sumWeighted, sumSquares) = (0.0, 0.0, 0.0)
        var weights: [Double] = []
        var inside: [Bool] = []
        weights.reserveCapacity(samples)
        inside.reserveCapacity(samples)
        for _ in 0..<samples {
            // Uniform on the sphere: z uniform in [-1, 1], longitude uniform.
            let z = 2 * generator.nextUnit() - 1
            let phi = 2 * Double.pi * generator.nextUnit()
            let r = (1 - z * z).squareRoot()
            let point = (r * cos(phi), r * sin(phi), z)
            let c1 = point.0 * m1.0 + point.1 * m1.1 + point.2 * m1.2
            let c2 = point.0 * m2.0 + point.1 * m2.1 + point.2 * m2.2
            let potential = -log(w * exp(k * (c1 - 1)) + (1 - w) * exp(k * (c2 - 1))) / k + 1
            let weight = exp(-potential / tau)
            let hit = c1 >= threshold || c2 >= threshold
            sumWeight += weight
            if hit { sumWeighted += weight }
            weights.append(weight)
            inside.append(hit)
        }
        let mean = sumWeighted / sumWeight
        for (weight, hit) in zip(weights, inside) {
            let residual = weight * ((hit ? 1 : 0) - mean)
            sumSquares += residual * residual
        }
        let normaliser = sumWeight / Double(samples)
        return (mean, (sumSquares / Double(samples)).squareRoot() / normaliser / Double(samples).squareRoot())
    }

    @Test("quadrature cap mass at tau 1 matches an independent Monte Carlo estimate to 1e-3")
    func quadratureAgainstMonteCarlo() {
        let reference = GibbsReference(potential: TwoWellPotential(), tau: 1)
        let (mass, error) = reference.capMassWithError(radius: 0.5)
        let (estimate, standardError) = Self.monteCarloCapMass(tau: 1, samples: 3_000_000, seed: 7)
        #expect(standardError < 3e-4)
        #expect(abs(mass - estimate) < 1e-3)
        #expect(error < 1e-6)
        // The cap mass of a uniform density is the caps' area fraction: a check of the cap integrals alone.
        let flat = GibbsReference(potential: TwoWellPotential(kappa: 12, weight: 0.5), tau: 1e6)
        #expect(abs(flat.capMass(radius: 0.5) - (1 - cos(0.5))) < 1e-5)
    }

    @Test("the reference is stable in its resolution at sharp temperatures too", arguments: [0.1, 0.2, 2.5])
    func quadratureConverges(tau: Double) {
        let reference = GibbsReference(potential: TwoWellPotential(), tau: tau)
        let (mass, error) = reference.capMassWithError(radius: 0.5)
        #expect(error < 1e-6)
        #expect(mass > 0 && mass < 1)
        let cells = reference.cellProbabilities(bands: 8, sectors: 16)
        #expect(abs(cells.reduce(0, +) - 1) < 1e-12)
    }

    @Test("particles at tau >= 0.5 land within 0.03 of the Gibbs cap mass", arguments: [1.0, 0.5])
    func particlesTrackGibbs(tau: Double) throws {
        let experiment = GibbsExperiment()
        let given = Parameters([
            "tau": .number(tau), "particles": .number(256), "steps": .number(600),
            "average_fraction": .number(0.25), "seed": .number(3),
        ])
        let metrics = try experiment.run(try experiment.resolve(given), context: RunContext(threads: 2))
        #expect(abs(metrics["cap_mass"]! - metrics["cap_mass_gibbs"]!) < 0.03)
        #expect(metrics["final_loss"]!.isFinite)
    }

    @Test("a cold run concentrates more mass in the caps than a hot one")
    func temperatureOrdersCapMass() {
        let masses = [0.2, 1, 5].map { GibbsReference(potential: TwoWellPotential(), tau: $0).capMass(radius: 0.5) }
        #expect(masses[0] > masses[1] && masses[1] > masses[2])
    }
}

@Suite("gibbs reproducibility")
struct GibbsReproducibilityTests {
    @Test("a seed fixes a run, whatever the thread count")
    func seedFixesRun() throws {
        let experiment = GibbsExperiment()
        let given = try experiment.resolve(
            Parameters([
                "particles": .number(64), "steps": .number(40),
                "quadrature_nodes": .number(24),
            ]))
        let single = try experiment.run(given, context: RunContext(threads: 1))
        let double = try experiment.run(given, context: RunContext(threads: 2))
        #expect(single == double)
        var other = given
        other["seed"] = .number(5)
        #expect(try experiment.run(other, context: RunContext(threads: 2))["final_loss"] != single["final_loss"])
    }
}
