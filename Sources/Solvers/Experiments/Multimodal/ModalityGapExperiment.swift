import ExperimentCatalog
import Foundation
import SweepModel

/// The modality-gap setup (NOTES.md, C): two linear encoders (or one shared) trained with the symmetric
/// CLIP loss on conditionally heterogeneous pairs, then the two modalities' embedding laws compared.
public struct ModalityGapExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.multimodal

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let shared = parameters.text("regime") == "unimodal"
        let data = ModalityGapData(
            sigma: parameters.real("sigma"), priorWeight: parameters.real("prior_weight"),
            priorKappa: parameters.real("prior_kappa"),
            observationNoise: parameters.real("obs_noise"), exchangeable: shared)
        let tau = parameters.real("tau")
        let batch = parameters.integer("batch")
        let steps = parameters.integer("steps")
        let dim = parameters.integer("dim")
        let evalPairs = parameters.integer("eval_pairs")
        let bins = parameters.integer("bins")
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: parameters.integer("seed")))
        let bound = 1 / 2.0.squareRoot()
        var weights = (0..<(4 * dim)).map { _ in (2 * generator.nextUnit() - 1) * bound }
        if shared { weights.replaceSubrange((2 * dim)..., with: weights[0..<(2 * dim)]) }
        var adam = Adam(count: weights.count, learningRate: parameters.real("lr"))
        // One tile holds the whole batch, so the engine keeps it between its passes; one thread, as the
        // matrix is small.
        let options = InfoNCEOptions(
            critic: .cosine, tau: tau, direction: .symmetric,
            rowBlock: max(batch, 128), columnBlock: max(batch, 1024))
        let engine = InfoNCEEngine(options: options, threads: 1)
        var trainer = PairTrainer(batch: batch, dim: dim)
        var lossTail: [Double] = []
        for step in 0..<steps {
            if step % 64 == 0 { try context.checkCancellation() }
            data.sample(count: batch, into: &trainer.x1, &trainer.x2, generator: &generator)
            let (loss, gradient) = trainer.step(weights: weights, engine: engine, shared: shared)
            if step >= steps - 50 { lossTail.append(loss) }
            adam.update(&weights, gradient: gradient)
        }
        var evaluation = PairTrainer(batch: evalPairs, dim: dim)
        data.sample(count: evalPairs, into: &evaluation.x1, &evaluation.x2, generator: &generator)
        var metrics = ModalityGapMetrics.measure(
            weights: weights, pairs: evaluation, dim: dim, bins: bins,
            energyPairs: parameters.integer("energy_pairs"))
        metrics["final_loss"] = lossTail.isEmpty ? .nan : lossTail.reduce(0, +) / Double(lossTail.count)
        return metrics
    }
}

/// One training batch of pairs and the forward/backward of the two linear encoders around the engine.
struct PairTrainer {
    let batch: Int
    let dim: Int
    var x1: [Double]
    var x2: [Double]
    private var z1: [Float]
    private var z2: [Float]
    private var grad1: [Float]
    private var grad2: [Float]

    init(batch: Int, dim: Int) {
        self.batch = batch
        self.dim = dim
        x1 = [Double](repeating: 0, count: 2 * batch)
        x2 = x1
        z1 = [Float](repeating: 0, count: dim * batch)
        z2 = z1
        grad1 = z1
        grad2 = z1
    }

    /// Outputs W x of both views; weights hold W1 then W2 (dim x 2 each, row-major).
    func encode(weights: [Double], view: Int) -> [Double] {
        let x = view == 0 ? x1 : x2
        let offset = view * 2 * dim
        var out = [Double](repeating: 0, count: batch * dim)
        for i in 0..<batch {
            for k in 0..<dim {
                out[i * dim + k] = weights[offset + 2 * k] * x[2 * i] + weights[offset + 2 * k + 1] * x[2 * i + 1]
            }
        }
        return out
    }

    /// The symmetric CLIP loss and its gradient with respect to the weights (summed into W1 when shared).
    mutating func step(weights: [Double], engine: InfoNCEEngine, shared: Bool) -> (Double, [Double]) {
        let (b, d) = (batch, dim)
        for i in 0..<b {
            for k in 0..<d {
                z1[i * d + k] = Float(weights[2 * k] * x1[2 * i] + weights[2 * k + 1] * x1[2 * i + 1])
                z2[i * d + k] = Float(weights[2 * d + 2 * k] * x2[2 * i] + weights[2 * d + 2 * k + 1] * x2[2 * i + 1])
            }
        }
        let loss = z1.withUnsafeBufferPointer { p1 in
            z2.withUnsafeBufferPointer { p2 in
                grad1.withUnsafeMutableBufferPointer { g1 in
                    grad2.withUnsafeMutableBufferPointer { g2 in
                        engine.evaluate(
                            z1: p1.baseAddress!, z2: p2.baseAddress!, batch: b, dim: d,
                            grad1: g1.baseAddress, grad2: g2.baseAddress
                        ).loss
                    }
                }
            }
        }
        var gradient = [Double](repeating: 0, count: 4 * d)
        for i in 0..<b {
            for k in 0..<d {
                let g1 = Double(grad1[i * d + k])
                let g2 = Double(grad2[i * d + k])
                gradient[2 * k] += g1 * x1[2 * i]
                gradient[2 * k + 1] += g1 * x1[2 * i + 1]
                gradient[2 * d + 2 * k] += g2 * x2[2 * i]
                gradient[2 * d + 2 * k + 1] += g2 * x2[2 * i + 1]
            }
        }
        if shared {
            for index in 0..<(2 * d) {
                gradient[index] += gradient[2 * d + index]
                gradient[2 * d + index] = gradient[index]
            }
        }
        return (loss, gradient)
    }
}
