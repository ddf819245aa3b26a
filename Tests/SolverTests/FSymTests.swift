import SweepModel
import Testing
@testable import Solvers

@Suite("fsym experiment")
struct FSymTests {
    @Test("per-particle gradients are 2n times the partial derivatives of the energy")
    func finiteDifferences() {
        var generator = SplitMix64(seed: 9)
        let x = (0..<5).map { _ in 6 * generator.nextUnit() - 3 }
        let y = (0..<5).map { _ in 6 * generator.nextUnit() - 3 }
        let flow = FSymParticleFlow(depth: 1, heterogeneity: 0.7, tau: 0.5, bandwidth: 0.6, x: x, y: y)
        let (_, gradX, gradY) = flow.energyAndGradient()
        let step = 1e-6
        var analytic: [Double] = []
        var numeric: [Double] = []
        for index in 0..<10 {
            var up = flow
            var down = flow
            if index < 5 {
                up.x[index] += step
                down.x[index] -= step
            } else {
                up.y[index - 5] += step
                down.y[index - 5] -= step
            }
            numeric.append(10 * (up.energyAndGradient().0 - down.energyAndGradient().0) / (2 * step))
            analytic.append(index < 5 ? gradX[index] : gradY[index - 5])
        }
        #expect(relativeError(analytic, numeric) < 1e-6)
    }

    static func run(_ heterogeneity: Double) throws -> Metrics {
        let experiment = FSymExperiment()
        let given = Parameters([
            "heterogeneity": .number(heterogeneity), "particles": .number(96),
            "steps": .number(600),
        ])
        return try experiment.run(try experiment.resolve(given), context: RunContext())
    }

    @Test("matched marginals stay matched when U12 - U21 is constant and separate when it is not")
    func separation() throws {
        let compatible = try Self.run(0)
        let heterogeneous = try Self.run(0.5)
        #expect(compatible["symkl_laplace"]! < 1e-9)
        #expect(compatible["centroid_gap"]! < 1e-9)
        #expect(heterogeneous["symkl_laplace"]! > 1)
        #expect(heterogeneous["centroid_gap"]! > 0.1)
        #expect(heterogeneous["final_energy"]! < compatible["final_energy"]!)
    }
}
