/// The buffers of an evaluation's second pass, which recomputes each tile, turns it into dL/dx and
/// multiplies it back.
///
/// dL/dx_ij = rowWeight * (P_ij - δ_ij) + columnWeight * (Q_ij - δ_ij) with P the row softmax and Q the
/// column softmax. Worker w owns the u-gradient rows of its row blocks and a private v-gradient, merged
/// afterwards in worker order, so the result does not depend on scheduling.
public struct GradientSweep {
    public let sweep: TileSweep
    public let rowWeight: Float
    public let columnWeight: Float
    /// Whether the row and column sums of dL/dx are needed (the RBF critic).
    public let wantSums: Bool
    public let gradU: UnsafeMutablePointer<Float>
    public let gradVPart: UnsafeMutablePointer<Float>
    public let gradRowSum: UnsafeMutablePointer<Double>
    public let gradColumnSumPart: UnsafeMutablePointer<Double>

    public init(sweep: TileSweep, rowWeight: Float, columnWeight: Float, wantSums: Bool) {
        self.sweep = sweep
        self.rowWeight = rowWeight
        self.columnWeight = columnWeight
        self.wantSums = wantSums
        let size = sweep.batch * sweep.dim
        gradU = .allocate(capacity: size)
        gradU.initialize(repeating: 0, count: size)
        gradVPart = .allocate(capacity: sweep.workers * size)
        gradVPart.initialize(repeating: 0, count: sweep.workers * size)
        gradRowSum = .allocate(capacity: sweep.batch)
        gradRowSum.initialize(repeating: 0, count: sweep.batch)
        gradColumnSumPart = .allocate(capacity: sweep.workers * sweep.batch)
        gradColumnSumPart.initialize(repeating: 0, count: sweep.workers * sweep.batch)
    }

    public func deallocate() {
        gradU.deallocate()
        gradVPart.deallocate()
        gradRowSum.deallocate()
        gradColumnSumPart.deallocate()
    }
}
