import ExperimentCatalog
import Foundation
import SweepModel

/// Times one symmetric InfoNCE forward and backward pass of the engine at a given size.
public struct InfoNCEStepExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.infonceStep

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let batch = parameters.integer("batch")
        let dim = parameters.integer("dim")
        let repeats = parameters.integer("repeats")
        let options = InfoNCEOptions(
            critic: Critic(rawValue: parameters.text("critic")) ?? .cosine, tau: parameters.real("tau"),
            rbfScale: parameters.real("rbf_scale"),
            direction: LossDirection(rawValue: parameters.text("direction")) ?? .symmetric,
            rowBlock: parameters.integer("row_block"), columnBlock: parameters.integer("column_block"),
            memoryBudgetMiB: InfoNCEOptions.memoryBudget(
                requested: parameters.real("memory_budget_mb"), grantedMiB: context.memoryMiB))
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: parameters.integer("seed")))
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
                    engine.evaluate(
                        z1: z1, z2: z2, batch: batch, dim: dim, grad1: g1.baseAddress,
                        grad2: g2.baseAddress
                    ).loss
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
        metrics["kept_tiles_mb"] = Double(engine.keptTileBytes(batch: batch, dim: dim)) / 1_048_576
        return metrics
    }
}
