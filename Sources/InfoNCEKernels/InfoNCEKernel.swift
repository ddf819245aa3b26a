import COpenBLAS
import Foundation
import InfoNCETiles

/// The tiled InfoNCE loss and gradient, as one entry point over plain values.
///
/// This module is compiled twice from the same files: once for any x86-64 CPU and once for AVX2 and FMA
/// (the `InfoNCEKernelsAVX2` target links to these files); `InfoNCEEngine` picks one at run time. So that
/// neither copy can lend code to the other, the kernels use raw pointers and SIMD values only: no arrays,
/// sorting or other generic library code whose specialisations the linker would merge between the copies
/// (a test checks the AVX2 objects for such shared symbols).
public enum InfoNCEKernel {
    /// The loss of the pairs (z1_i, z2_i), with its gradients when `grad1`/`grad2` are given.
    ///
    /// All buffers are row-major B x d; gradient buffers are overwritten. `rbfScale` nil selects the cosine
    /// critic, otherwise the RBF critic -|z - w|^2 / rbfScale. `keptTiles`, when given, holds
    /// `TileSweep.keptFloats` floats in which pass 1 keeps every tile for the gradient pass; the results are
    /// bit-identical with and without it. The other buffers come from `workspace` when given (it is reset
    /// first). `parallel` runs its job once for each of `workers` worker indices and returns when all have
    /// finished.
    public static func evaluate(
        z1: UnsafePointer<Float>, z2: UnsafePointer<Float>, batch: Int, dim: Int,
        grad1: UnsafeMutablePointer<Float>?, grad2: UnsafeMutablePointer<Float>?,
        tau: Double, rbfScale: Double?, symmetric: Bool, rowBlock: Int, columnBlock: Int,
        keptTiles: UnsafeMutablePointer<Float>?, workspace: Workspace?, workers: Int,
        parallel: ((Int) -> Void) -> Void
    ) -> (loss: Double, rowLoss: Double, columnLoss: Double) {
        workspace?.reset()
        func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
            workspace?.floats(count) ?? .allocate(capacity: count)
        }
        let size = batch * dim
        let u = floats(size)
        let v = floats(size)
        let norms1 = floats(batch)
        let norms2 = floats(batch)
        defer {
            if workspace == nil {
                u.deallocate()
                v.deallocate()
                norms1.deallocate()
                norms2.deallocate()
            }
        }

        let isRBF = rbfScale != nil
        let alpha = isRBF ? Float(2 / (rbfScale.unsafelyUnwrapped * tau)) : Float(1 / tau)
        let sweep = TileSweep(
            batch: batch, dim: dim, workers: workers, rowBlock: rowBlock, columnBlock: columnBlock,
            symmetric: symmetric, alpha: alpha, u: u, v: v,
            rowOffset: isRBF ? norms1 : nil, columnOffset: isRBF ? norms2 : nil,
            fixedShift: !isRBF && 2 * alpha <= 80 ? alpha : nil,
            keptTiles: grad1 != nil || grad2 != nil ? keptTiles : nil, workspace: workspace)
        defer { sweep.deallocate() }
        // Each worker maps its share of the rows to u and v, then sets up its part of the sweep, which reads
        // v transposed for the same share of rows (`TileSweep.prepare`).
        parallel { worker in
            let share = (batch + workers - 1) / workers
            let start = min(batch, worker * share)
            let end = min(batch, start + share)
            if let rbfScale {
                let scale = rbfScale * tau
                (u + start * dim).update(from: z1 + start * dim, count: (end - start) * dim)
                (v + start * dim).update(from: z2 + start * dim, count: (end - start) * dim)
                for row in start..<end {
                    norms1[row] = Float(squaredNorm(z1 + row * dim, dim) / scale)
                    norms2[row] = Float(squaredNorm(z2 + row * dim, dim) / scale)
                }
            } else {
                normalise(z1 + start * dim, into: u + start * dim, norms: norms1 + start, batch: end - start, dim: dim)
                normalise(z2 + start * dim, into: v + start * dim, norms: norms2 + start, batch: end - start, dim: dim)
            }
            sweep.prepare(worker: worker)
        }
        // With a few workers, clearing the gradient sums is cheaper on this thread than one more fork and join.
        let prepareInParallel = workers > 4
        let fused = sweep.isFusable
        if fused {
            let columnSums = floats(workers * batch)
            defer { if workspace == nil { columnSums.deallocate() } }
            parallel { worker in sweep.fusedStatisticsPass(worker: worker, columnSums: columnSums + worker * batch) }
        } else {
            parallel { sweep.statisticsPass(worker: $0) }
        }
        sweep.finishStatistics()

        var rowLoss = 0.0
        var columnLoss = 0.0
        for index in 0..<batch {
            let diagonal =
                Double(alpha) * dot(u + index * dim, v + index * dim, dim)
                - (isRBF ? Double(norms1[index]) + Double(norms2[index]) : 0)
            rowLoss += sweep.rowLSE[index] - diagonal
            columnLoss += sweep.columnLSE[index] - diagonal
        }
        rowLoss /= Double(batch)
        columnLoss = symmetric ? columnLoss / Double(batch) : 0
        let loss = symmetric ? 0.5 * (rowLoss + columnLoss) : rowLoss

        if grad1 != nil || grad2 != nil {
            let weight = symmetric ? 0.5 / Double(batch) : 1 / Double(batch)
            let gradient = GradientSweep(
                sweep: sweep, rowWeight: Float(weight),
                columnWeight: symmetric ? Float(weight) : 0, wantSums: isRBF, workspace: workspace)
            defer { gradient.deallocate() }
            if prepareInParallel {
                parallel { gradient.prepare(worker: $0) }
            } else {
                for worker in 0..<workers { gradient.prepare(worker: worker) }
            }
            if fused {
                parallel { gradient.fusedGradientPass(worker: $0) }
            } else {
                if let shift = sweep.fixedShift {
                    for row in 0..<batch {
                        gradient.rowScale[row] =
                            gradient.rowWeight * Float(Foundation.exp(Double(shift) - sweep.rowLSE[row]))
                    }
                }
                parallel { gradient.run(worker: $0) }
            }
            parallel { worker in
                gradient.finish(
                    worker: worker, z1: z1, z2: z2, norms1: norms1, norms2: norms2, grad1: grad1,
                    grad2: grad2)
            }
        }
        return (loss, rowLoss, columnLoss)
    }
}

private func normalise(
    _ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>,
    norms: UnsafeMutablePointer<Float>, batch: Int, dim: Int
) {
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
