import ExperimentCatalog
import Foundation
import SweepModel

/// The known-answer boundary: `value` = logistic((x - (0.3 + 0.4 y)) / width) + noise N(0, 1), whose median
/// crosses 0.5 on the line x = 0.3 + 0.4 y; `value_exact` is the step without noise.
public struct SyntheticBoundaryExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.syntheticBoundary

    /// Where the step is centred for a given y.
    public static func boundary(y: Double) -> Double { 0.3 + 0.4 * y }

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let (x, y) = (parameters.real("x"), parameters.real("y"))
        let exact = 1 / (1 + exp(-(x - Self.boundary(y: y)) / parameters.real("width")))
        // The noise of each point and seed is its own draw: the seed, then x and y, stirred into the state.
        var stir = SplitMix64(seed: UInt64(truncatingIfNeeded: parameters.integer("seed")))
        stir = SplitMix64(seed: stir.next() ^ x.bitPattern)
        var generator = SplitMix64(seed: stir.next() ^ y.bitPattern)
        let value = exact + parameters.real("noise") * Gaussian.sample(&generator)
        return Metrics(["value": value, "value_exact": exact])
    }
}
