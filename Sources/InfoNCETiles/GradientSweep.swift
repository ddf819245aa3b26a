/// The buffers of an evaluation's second pass, which takes each tile (kept by pass 1 or formed again), turns
/// it into dL/dx and multiplies it back.
///
/// dL/dx_ij = rowWeight * (P_ij - δ_ij) + columnWeight * (Q_ij - δ_ij) with P the row softmax and Q the
/// column softmax. Worker w owns the u-gradient rows of its row blocks and a private v-gradient, kept
/// transposed (dim x transposedStride) and merged afterwards in worker order, so the result does not depend
/// on scheduling.
public struct GradientSweep {
    public let sweep: TileSweep
    public let rowWeight: Float
    public let columnWeight: Float
    /// Whether the row and column sums of dL/dx are needed (the RBF critic).
    public let wantSums: Bool
    public let gradU: UnsafeMutablePointer<Float>
    public let gradVPart: UnsafeMutablePointer<Float>
    public let gradRowSum: UnsafeMutablePointer<Double>
    /// rowWeight * exp(M - rowLSE_i) on the fixed-shift path (the row softmax is exp(x - M) times it / rowWeight),
    /// filled by the kernels once the statistics are known.
    public let rowScale: UnsafeMutablePointer<Float>
    public let gradColumnSumPart: UnsafeMutablePointer<Double>
    /// Per-worker tiles of dL/dx when the logit tiles must be left cleared (`TileSweep.clearsTiles`).
    public let gradientTiles: UnsafeMutablePointer<Float>?

    /// Whether `deallocate` frees the buffers (they did not come from a workspace).
    public let ownsBuffers: Bool

    /// Takes the buffers from `workspace` when given, which must be the one `sweep` took its own from.
    public init(sweep: TileSweep, rowWeight: Float, columnWeight: Float, wantSums: Bool, workspace: Workspace? = nil) {
        self.sweep = sweep
        self.rowWeight = rowWeight
        self.columnWeight = columnWeight
        self.wantSums = wantSums
        let size = sweep.batch * sweep.dim
        ownsBuffers = workspace == nil
        func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
            workspace?.floats(count) ?? .allocate(capacity: count)
        }
        func doubles(_ count: Int) -> UnsafeMutablePointer<Double> {
            workspace?.doubles(count) ?? .allocate(capacity: count)
        }
        gradU = floats(size)
        let partSize = sweep.dim * sweep.transposedStride
        gradVPart = floats(sweep.workers * partSize)
        gradRowSum = doubles(sweep.batch)
        rowScale = floats(sweep.batch)
        gradColumnSumPart = doubles(sweep.workers * sweep.batch)
        let tileSize = sweep.rowBlock * sweep.tileStride
        gradientTiles = sweep.clearsTiles ? floats(sweep.workers * tileSize) : nil
    }

    /// Worker `worker`'s share of clearing the sums, run on every worker before the gradient pass: its
    /// v-gradient and column sums, and a share of the u-gradient's rows.
    public func prepare(worker: Int) {
        let (batch, dim) = (sweep.batch, sweep.dim)
        transposedGradVPart(of: worker).initialize(repeating: 0, count: dim * sweep.transposedStride)
        (gradColumnSumPart + worker * batch).initialize(repeating: 0, count: batch)
        let share = (batch + sweep.workers - 1) / sweep.workers
        let start = min(batch, worker * share)
        let rows = min(batch, start + share) - start
        (gradU + start * dim).initialize(repeating: 0, count: rows * dim)
        (gradRowSum + start).initialize(repeating: 0, count: rows)
    }

    /// Worker `worker`'s v-gradient, transposed: element (row j, k) at k * transposedStride + j.
    @inlinable @inline(__always)
    public func transposedGradVPart(of worker: Int) -> UnsafeMutablePointer<Float> {
        gradVPart + worker * sweep.dim * sweep.transposedStride
    }

    /// Worker `worker`'s tile of dL/dx; only when `gradientTiles` exists.
    @inlinable @inline(__always)
    public func gradientTile(of worker: Int) -> UnsafeMutablePointer<Float> {
        gradientTiles.unsafelyUnwrapped + worker * sweep.rowBlock * sweep.tileStride
    }

    /// Frees the buffers, unless they came from the sweep's workspace.
    public func deallocate() {
        guard ownsBuffers else { return }
        gradientTiles?.deallocate()
        gradU.deallocate()
        gradVPart.deallocate()
        gradRowSum.deallocate()
        rowScale.deallocate()
        gradColumnSumPart.deallocate()
    }
}
