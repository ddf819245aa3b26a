import COpenBLAS
import Foundation
import InfoNCEKernels
import InfoNCEKernelsAVX2

/// A tiled, multi-threaded InfoNCE loss and gradient for batches of B paired embeddings in d dimensions.
///
/// The B x B similarity matrix is never held: each worker forms tiles of `rowBlock x columnBlock` logits
/// with sgemm, streams row and column log-sum-exps (Float64 accumulators), then recomputes the tiles to
/// multiply the softmax gradient back onto the embeddings. Memory grows as B*d. Results are bit-identical
/// for a given thread count and instruction set.
public final class InfoNCEEngine: Sendable {
    public let options: InfoNCEOptions
    public let pool: ComputePool
    /// Which compiled copy of the kernels runs.
    public let instructionSet: InstructionSet

    public init(options: InfoNCEOptions, threads: Int = 1, instructionSet: InstructionSet = .preferred) {
        self.options = options
        self.instructionSet = instructionSet
        pool = ComputePool(threads: threads)
        openblas_set_num_threads(1)
    }

    /// The loss of the pairs (z1_i, z2_i), with its gradients when `grad1`/`grad2` are given.
    ///
    /// All buffers are row-major B x d. Gradient buffers are overwritten.
    public func evaluate(
        z1: UnsafePointer<Float>, z2: UnsafePointer<Float>, batch: Int, dim: Int,
        grad1: UnsafeMutablePointer<Float>? = nil,
        grad2: UnsafeMutablePointer<Float>? = nil
    ) -> InfoNCELoss {
        precondition(batch > 0 && dim > 0, "empty batch")
        let kernel =
            switch instructionSet {
            case .portable: InfoNCEKernels.InfoNCEKernel.evaluate
            case .avx2: InfoNCEKernelsAVX2.InfoNCEKernel.evaluate
            }
        let result = kernel(
            z1, z2, batch, dim, grad1, grad2, options.tau, options.critic == .rbf ? options.rbfScale : nil,
            options.direction == .symmetric, options.rowBlock, options.columnBlock, pool.threadCount, pool.run)
        return InfoNCELoss(loss: result.loss, rowLoss: result.rowLoss, columnLoss: result.columnLoss)
    }

    /// Convenience form on arrays; returns empty gradients when `gradient` is false.
    public func evaluate(
        z1: [Float], z2: [Float], batch: Int, dim: Int,
        gradient: Bool = true
    ) -> (loss: InfoNCELoss, grad1: [Float], grad2: [Float]) {
        precondition(z1.count == batch * dim && z2.count == batch * dim, "shape mismatch")
        guard gradient else {
            return (evaluate(z1: z1, z2: z2, batch: batch, dim: dim, grad1: nil, grad2: nil), [], [])
        }
        var grad1 = [Float](repeating: 0, count: batch * dim)
        var grad2 = [Float](repeating: 0, count: batch * dim)
        let loss = grad1.withUnsafeMutableBufferPointer { g1 in
            grad2.withUnsafeMutableBufferPointer { g2 in
                evaluate(z1: z1, z2: z2, batch: batch, dim: dim, grad1: g1.baseAddress, grad2: g2.baseAddress)
            }
        }
        return (loss, grad1, grad2)
    }
}
