import Foundation
import SweepModel
import Testing
@testable import Solvers

@Suite("synthetic boundary experiment")
struct SyntheticBoundaryTests {
    let experiment = SyntheticBoundaryExperiment()

    func value(x: Double, y: Double, seed: Int, noise: Double? = nil) throws -> Metrics {
        var given = Parameters(["x": .number(x), "y": .number(y), "seed": .number(Double(seed))])
        if let noise { given["noise"] = .number(noise) }
        return try experiment.run(given, context: RunContext())
    }

    @Test("the step is centred on x = 0.3 + 0.4 y and reproducible from its seed")
    func centredStep() throws {
        for y in [0.0, 0.25, 1.0] {
            let centre = 0.3 + 0.4 * y
            #expect(abs(try value(x: centre, y: y, seed: 0)["value_exact"]! - 0.5) < 1e-12)
            #expect(try value(x: centre - 0.1, y: y, seed: 0)["value_exact"]! < 0.01)
            #expect(try value(x: centre + 0.1, y: y, seed: 0)["value_exact"]! > 0.99)
            #expect(try value(x: centre, y: y, seed: 0, noise: 0)["value"] == 0.5)
        }
        #expect(try value(x: 0.4, y: 0.5, seed: 3) == value(x: 0.4, y: 0.5, seed: 3))
    }

    @Test("the noise is its own standard normal draw for every point and seed, scaled by noise")
    func noise() throws {
        var draws: [Double] = []
        for seed in 0..<20 {
            for step in 0..<50 {
                let x = Double(step) / 49
                let metrics = try value(x: x, y: 0.5, seed: seed)
                draws.append(metrics["value"]! - metrics["value_exact"]!)
            }
        }
        #expect(Set(draws).count == draws.count)
        let mean = draws.reduce(0, +) / Double(draws.count)
        let sd = (draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count - 1)).squareRoot()
        // 1000 draws: the mean's sd is 0.0016 and the sd's about 0.0011.
        #expect(abs(mean) < 0.006 && abs(sd - 0.05) < 0.005, "mean \(mean), sd \(sd)")
    }
}
