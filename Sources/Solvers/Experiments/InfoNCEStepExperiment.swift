import Foundation
import SweepModel

/// Times one symmetric InfoNCE forward and backward pass of the engine at a given size.
public struct InfoNCEStepExperiment: Experiment {
    public init() {}

    public let name = "infonce_step"
    public let summary = "times a symmetric InfoNCE forward+backward of the tiled engine"
    public let parameters: [ParameterInfo] = [
        ParameterInfo("batch", default: .number(4096), "batch size B (the similarity matrix is B x B)"),
        ParameterInfo("dim", default: .number(128), "embedding dimension d"),
        ParameterInfo("critic", default: .string("cosine"), "cosine or rbf"),
        ParameterInfo("tau", default: .number(0.07), "temperature"),
        ParameterInfo("rbf_scale", default: .number(1), "c in the RBF critic -|z-w|^2/c"),
        ParameterInfo("direction", default: .string("symmetric"), "symmetric or one_way"),
        ParameterInfo("repeats", default: .number(3), "timed steps after one warm-up step"),
        ParameterInfo("row_block", default: .number(512), "tile rows"),
        ParameterInfo("column_block", default: .number(256), "tile columns"),
        ParameterInfo("seed", default: .number(0), "seed of the random embeddings"),
    ]

    public func run(_ parameters: Parameters, context: RunContext) throws -> Metrics {
        let batch = try parameters.int("batch")
        let dim = try parameters.int("dim")
        let repeats = try parameters.int("repeats")
        guard batch >= 1, dim >= 1, repeats >= 1 else { throw ExperimentError("batch, dim and repeats must be >= 1") }
        let options = InfoNCEOptions(
            critic: Critic(rawValue: try parameters.choice("critic", Critic.allCases.map(\.rawValue)))!,
            tau: try parameters.double("tau"), rbfScale: try parameters.double("rbf_scale"),
            direction: LossDirection(rawValue: try parameters.choice("direction",
                                                                     LossDirection.allCases.map(\.rawValue)))!,
            rowBlock: try parameters.int("row_block"), columnBlock: try parameters.int("column_block"))
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: try parameters.int("seed")))
        let z1 = (0..<(batch * dim)).map { _ in Float(Gaussian.sample(&generator)) }
        let z2 = (0..<(batch * dim)).map { _ in Float(Gaussian.sample(&generator)) }
        var grad1 = [Float](repeating: 0, count: batch * dim)
        var grad2 = [Float](repeating: 0, count: batch * dim)
        ProcessMemory.resetPeak()
        let engine = InfoNCEEngine(options: options, threads: context.threads)
        var times: [Double] = []
        var loss = 0.0
        for step in 0...repeats {
            try context.checkCancellation()
            let start = DispatchTime.now().uptimeNanoseconds
            loss = grad1.withUnsafeMutableBufferPointer { g1 in
                grad2.withUnsafeMutableBufferPointer { g2 in
                    engine.evaluate(z1: z1, z2: z2, batch: batch, dim: dim, grad1: g1.baseAddress,
                                    grad2: g2.baseAddress).loss
                }
            }
            if step > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        let milliseconds = times.sorted()[times.count / 2]
        let flops = 6 * Double(batch) * Double(batch) * Double(dim)
        var metrics = Metrics()
        metrics["ms_per_step"] = milliseconds
        metrics["gflops"] = flops / (milliseconds * 1e6)
        metrics["peak_rss_mb"] = ProcessMemory.peakResidentMiB() ?? -1
        metrics["loss"] = loss
        metrics["threads"] = Double(context.threads)
        return metrics
    }
}
