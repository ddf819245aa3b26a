import COpenBLAS
import Foundation

/// A tiled, multi-threaded InfoNCE loss and gradient for batches of B paired embeddings in d dimensions.
///
/// The B x B similarity matrix is never held: each worker forms tiles of `rowBlock x columnBlock` logits
/// with sgemm, streams row and column log-sum-exps (Float64 accumulators), then recomputes the tiles to
/// multiply the softmax gradient back onto the embeddings. Memory grows as B*d. Results are bit-identical
/// for a given thread count.
public final class InfoNCEEngine: Sendable {
    public let options: InfoNCEOptions
    public let pool: ComputePool

    public init(options: InfoNCEOptions, threads: Int = 1) {
        self.options = options
        pool = ComputePool(threads: threads)
        openblas_set_num_threads(1)
    }

    /// The loss of the pairs (z1_i, z2_i), with its gradients when `grad1`/`grad2` are given.
    ///
    /// All buffers are row-major B x d. Gradient buffers are overwritten.
    public func evaluate(z1: UnsafePointer<Float>, z2: UnsafePointer<Float>, batch: Int, dim: Int,
                         grad1: UnsafeMutablePointer<Float>? = nil,
                         grad2: UnsafeMutablePointer<Float>? = nil) -> InfoNCELoss {
        precondition(batch > 0 && dim > 0, "empty batch")
        let size = batch * dim
        let u = UnsafeMutablePointer<Float>.allocate(capacity: size)
        let v = UnsafeMutablePointer<Float>.allocate(capacity: size)
        let norms1 = UnsafeMutablePointer<Float>.allocate(capacity: batch)
        let norms2 = UnsafeMutablePointer<Float>.allocate(capacity: batch)
        defer { for pointer in [u, v, norms1, norms2] { pointer.deallocate() } }

        let tau = options.tau
        let alpha: Float
        let isRBF = options.critic == .rbf
        if isRBF {
            let scale = options.rbfScale * tau
            alpha = Float(2 / scale)
            u.update(from: z1, count: size)
            v.update(from: z2, count: size)
            for row in 0..<batch {
                norms1[row] = Float(squaredNorm(z1 + row * dim, dim) / scale)
                norms2[row] = Float(squaredNorm(z2 + row * dim, dim) / scale)
            }
        } else {
            alpha = Float(1 / tau)
            normalise(z1, into: u, norms: norms1, batch: batch, dim: dim)
            normalise(z2, into: v, norms: norms2, batch: batch, dim: dim)
        }

        let workers = pool.threadCount
        let sweep = TileSweep(batch: batch, dim: dim, workers: workers, options: options, alpha: alpha, u: u, v: v,
                              rowOffset: isRBF ? norms1 : nil, columnOffset: isRBF ? norms2 : nil,
                              fixedShift: !isRBF && 2 * alpha <= 80 ? alpha : nil)
        defer { sweep.deallocate() }
        let fused = FusedSmallDimSweep.applies(to: sweep)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: fused ? workers * batch * max(dim, 1) : 0)
        defer { scratch.deallocate() }
        if fused {
            pool.run { worker in
                FusedSmallDimSweep(sweep: sweep, gradient: nil)
                    .statisticsPass(worker: worker, columnSums: scratch + worker * batch * dim)
            }
        } else {
            pool.run { sweep.statisticsPass(worker: $0) }
        }
        sweep.finishStatistics()

        var rowLoss = 0.0
        var columnLoss = 0.0
        for index in 0..<batch {
            let diagonal = Double(alpha) * dot(u + index * dim, v + index * dim, dim)
                - (isRBF ? Double(norms1[index]) + Double(norms2[index]) : 0)
            rowLoss += sweep.rowLSE[index] - diagonal
            columnLoss += sweep.columnLSE[index] - diagonal
        }
        rowLoss /= Double(batch)
        columnLoss = sweep.wantColumns ? columnLoss / Double(batch) : 0
        let loss = sweep.wantColumns ? 0.5 * (rowLoss + columnLoss) : rowLoss

        if grad1 != nil || grad2 != nil {
            let weight = sweep.wantColumns ? 0.5 / Double(batch) : 1 / Double(batch)
            let gradient = GradientSweep(sweep: sweep, rowWeight: Float(weight),
                                         columnWeight: sweep.wantColumns ? Float(weight) : 0, wantSums: isRBF)
            defer { gradient.deallocate() }
            if fused {
                scratch.update(repeating: 0, count: workers * batch * dim)
                pool.run { worker in
                    FusedSmallDimSweep(sweep: sweep, gradient: gradient)
                        .gradientPass(worker: worker, transposedGradV: scratch + worker * batch * dim)
                }
            } else {
                pool.run { gradient.run(worker: $0) }
            }
            finishGradient(gradient, z1: z1, z2: z2, norms1: norms1, norms2: norms2, grad1: grad1, grad2: grad2)
        }
        return InfoNCELoss(loss: loss, rowLoss: rowLoss, columnLoss: columnLoss)
    }

    /// Convenience form on arrays; returns empty gradients when `gradient` is false.
    public func evaluate(z1: [Float], z2: [Float], batch: Int, dim: Int,
                         gradient: Bool = true) -> (loss: InfoNCELoss, grad1: [Float], grad2: [Float]) {
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

    /// Merges the per-worker v-gradients in worker order and maps dL/du, dL/dv back to the raw outputs.
    private func finishGradient(_ gradient: GradientSweep, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>,
                                norms1: UnsafeMutablePointer<Float>, norms2: UnsafeMutablePointer<Float>,
                                grad1: UnsafeMutablePointer<Float>?, grad2: UnsafeMutablePointer<Float>?) {
        let sweep = gradient.sweep
        let (batch, dim, workers) = (sweep.batch, sweep.dim, sweep.workers)
        let alpha = sweep.alpha
        let isRBF = options.critic == .rbf
        pool.run { worker in
            let rows = (batch + workers - 1) / workers
            let start = worker * rows
            let end = min(batch, start + rows)
            guard start < end else { return }
            for row in start..<end {
                var columnSum = 0.0
                for part in 0..<workers { columnSum += gradient.gradColumnSumPart[part * batch + row] }
                let target = gradient.gradVPart + row * dim
                for part in 1..<max(1, workers) {
                    let source = gradient.gradVPart + part * batch * dim + row * dim
                    for k in 0..<dim { target[k] += source[k] }
                }
                if isRBF {
                    let rowSum = Float(gradient.gradRowSum[row])
                    let colSum = Float(columnSum)
                    if let grad1 {
                        for k in 0..<dim {
                            grad1[row * dim + k] = alpha * (gradient.gradU[row * dim + k] - rowSum * z1[row * dim + k])
                        }
                    }
                    if let grad2 {
                        for k in 0..<dim { grad2[row * dim + k] = alpha * (target[k] - colSum * z2[row * dim + k]) }
                    }
                } else {
                    if let grad1 {
                        projectBack(gradient.gradU + row * dim, direction: sweep.u + row * dim, norm: norms1[row],
                                    scale: alpha, into: grad1 + row * dim, dim: dim)
                    }
                    if let grad2 {
                        projectBack(target, direction: sweep.v + row * dim, norm: norms2[row], scale: alpha,
                                    into: grad2 + row * dim, dim: dim)
                    }
                }
            }
        }
    }
}

/// dL/dz for z = |z| u from dL/du: the tangential part divided by |z|.
@inline(__always)
private func projectBack(_ gradient: UnsafeMutablePointer<Float>, direction: UnsafeMutablePointer<Float>, norm: Float,
                         scale: Float, into result: UnsafeMutablePointer<Float>, dim: Int) {
    var radial: Float = 0
    for k in 0..<dim { radial += gradient[k] * direction[k] }
    let factor = scale / norm
    for k in 0..<dim { result[k] = factor * (gradient[k] - radial * direction[k]) }
}

private func normalise(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>,
                       norms: UnsafeMutablePointer<Float>, batch: Int, dim: Int) {
    for row in 0..<batch {
        let norm = max(squaredNorm(source + row * dim, dim).squareRoot(), 1e-12)
        norms[row] = Float(norm)
        let inverse = 1 / norm
        for k in 0..<dim { target[row * dim + k] = Float(Double(source[row * dim + k]) * inverse) }
    }
}

@inline(__always)
func squaredNorm(_ x: UnsafePointer<Float>, _ count: Int) -> Double {
    var total = 0.0
    for k in 0..<count { total += Double(x[k]) * Double(x[k]) }
    return total
}

@inline(__always)
func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Double {
    var total = 0.0
    for k in 0..<count { total += Double(x[k]) * Double(y[k]) }
    return total
}
