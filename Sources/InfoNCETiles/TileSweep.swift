/// The buffers of one engine evaluation; the passes over them are in the kernel modules.
///
/// Logits x_ij = alpha * <u_i, v_j> - rowOffset_i - columnOffset_j are formed one tile at a time by a
/// tile product (sgemm, or AVX-512 register blocks); the whole matrix is stored only as kept tiles
/// (`keptTiles`), within the engine's memory budget.
/// Row block b belongs to worker b % workers, so every sum has a fixed order for a given worker count.
/// Column statistics and the v-gradient are kept per worker and merged in worker order.
public struct TileSweep {
    public let batch: Int
    public let dim: Int
    public let workers: Int
    public let rowBlock: Int
    public let columnBlock: Int
    public let tileStride: Int
    public let alpha: Float
    public let u: UnsafeMutablePointer<Float>
    public let v: UnsafeMutablePointer<Float>
    /// Per-row and per-column logit offsets (the RBF critic's norms), or nil for the cosine critic.
    public let rowOffset: UnsafeMutablePointer<Float>?
    public let columnOffset: UnsafeMutablePointer<Float>?
    public let wantColumns: Bool
    /// An upper bound M of every logit whose range 2M fits Float32's exponent (the cosine critic at
    /// tau >= 0.025): then one exp(x - M) per element serves rows and columns and no maxima are needed, and
    /// x - M lies in [-80, 0], where the kernels' exponential needs no clamping.
    public let fixedShift: Float?

    public let rowMax: UnsafeMutablePointer<Double>
    public let rowSum: UnsafeMutablePointer<Double>
    public let columnMaxPart: UnsafeMutablePointer<Double>
    public let columnSumPart: UnsafeMutablePointer<Double>
    public let rowLSE: UnsafeMutablePointer<Double>
    public let columnLSE: UnsafeMutablePointer<Double>
    public let columnLSEFloat: UnsafeMutablePointer<Float>
    /// exp(M - columnLSE_j) for the fixed-shift path: the column softmax is exp(x - M) times this.
    public let columnScale: UnsafeMutablePointer<Float>
    public let tiles: UnsafeMutablePointer<Float>
    /// v transposed (dim x transposedStride): small dims form logits from it directly, larger ones hand it to
    /// the tile product, whose B operand it is (sgemm packs this layout faster than v itself).
    public let transposedV: UnsafeMutablePointer<Float>
    /// The row stride of `transposedV` and of the transposed v-gradients: batch rounded up to a multiple of 16,
    /// plus 16 so that rows do not fall on one cache set when batch is a power of two.
    public let transposedStride: Int
    /// Whether the whole matrix is one tile on the fixed-shift path: pass 1 then leaves exp(x - M) in the
    /// tile and the gradient pass reuses it instead of recomputing.
    public let keepsTile: Bool
    public let scratch: UnsafeMutablePointer<Float>
    /// Every tile of the matrix, kept by pass 1 for the gradient pass (see `keptFloats`), or nil when the
    /// gradient pass forms each tile again. Tile (row block r, column block c) starts at
    /// (r * columnBlockCount + c) * rowBlock * tileStride; on the fixed-shift path it holds exp(x - M), otherwise
    /// the logits. The caller owns the buffer.
    public let keptTiles: UnsafeMutablePointer<Float>?
    /// Whether the buffers were allocated on their own (no workspace), so that `deallocate` frees them. (No
    /// reference to the workspace is kept: a struct holding one needs copy and destroy helpers, which the
    /// two compiled copies of the kernels would both define.)
    public let ownsBuffers: Bool

    public var rowBlockCount: Int { (batch + rowBlock - 1) / rowBlock }
    public var columnBlockCount: Int { (batch + columnBlock - 1) / columnBlock }

    /// The rows of one tile: `requested`, but with several workers and a batch spanning several row blocks,
    /// fewer when that gives every worker at least two (never below 64).
    public static func rowBlock(batch: Int, workers: Int, requested: Int) -> Int {
        var rows = max(1, requested)
        if batch > rows && workers > 1 { rows = min(rows, max(64, (batch + 2 * workers - 1) / (2 * workers))) }
        return min(rows, batch)
    }

    /// The floats a buffer of kept tiles (`keptTiles`) needs for these sizes, or 0 when tiles are never kept:
    /// dims up to 8 form a tile faster than they could read it back, and a matrix that is one tile is kept in
    /// the worker's own tile buffer on the fixed-shift path.
    public static func keptFloats(batch: Int, dim: Int, workers: Int, rowBlock: Int, columnBlock: Int) -> Int {
        let rows = Self.rowBlock(batch: batch, workers: workers, requested: rowBlock)
        let columns = min(max(1, columnBlock), batch)
        guard dim > 8, rows < batch || columns < batch else { return 0 }
        let rowBlocks = (batch + rows - 1) / rows
        let columnBlocks = (batch + columns - 1) / columns
        return rowBlocks * columnBlocks * rows * ((columns + 7) & ~7)
    }

    /// The kept tile of the row block starting at `rowStart` and the column block starting at `columnStart`.
    @inlinable @inline(__always)
    public func keptTile(rowStart: Int, columnStart: Int) -> UnsafeMutablePointer<Float> {
        let index = (rowStart / rowBlock) * columnBlockCount + columnStart / columnBlock
        return keptTiles.unsafelyUnwrapped + index * rowBlock * tileStride
    }

    /// Worker `worker`'s tile buffer.
    @inlinable @inline(__always)
    public func tile(of worker: Int) -> UnsafeMutablePointer<Float> { tiles + worker * rowBlock * tileStride }

    /// Whether tiles are formed by a tile product adding to a cleared tile, so that every pass consuming a
    /// tile leaves it cleared (cheaper than the product clearing it in a pass of its own). Not for the kept
    /// single tile.
    @inlinable public var clearsTiles: Bool { !hasSmallDimension && !keepsTile }

    /// Whether logits are formed by direct vector loops over `transposedV` (dim <= 8) rather than products.
    @inlinable public var hasSmallDimension: Bool { dim <= 8 }

    public init(
        batch: Int, dim: Int, workers: Int, rowBlock: Int, columnBlock: Int, symmetric: Bool, alpha: Float,
        u: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
        rowOffset: UnsafeMutablePointer<Float>?, columnOffset: UnsafeMutablePointer<Float>?, fixedShift: Float?,
        keptTiles: UnsafeMutablePointer<Float>? = nil, workspace: Workspace? = nil
    ) {
        ownsBuffers = workspace == nil
        func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
            workspace?.floats(count) ?? .allocate(capacity: count)
        }
        func doubles(_ count: Int) -> UnsafeMutablePointer<Double> {
            workspace?.doubles(count) ?? .allocate(capacity: count)
        }
        self.batch = batch
        self.dim = dim
        self.workers = workers
        // Row blocks are dealt to workers in turn: when the batch spans several, keep at least two per worker.
        self.rowBlock = Self.rowBlock(batch: batch, workers: workers, requested: rowBlock)
        self.columnBlock = min(max(1, columnBlock), batch)
        tileStride = (self.columnBlock + 7) & ~7
        self.alpha = alpha
        self.u = u
        self.v = v
        self.rowOffset = rowOffset
        self.columnOffset = columnOffset
        wantColumns = symmetric
        self.fixedShift = fixedShift
        let startMax = fixedShift.map(Double.init) ?? -.infinity
        rowMax = doubles(batch)
        rowMax.initialize(repeating: startMax, count: batch)
        rowSum = doubles(batch)
        rowSum.initialize(repeating: 0, count: batch)
        let parts = wantColumns ? workers * batch : 0
        columnMaxPart = doubles(parts)
        columnSumPart = doubles(parts)
        rowLSE = doubles(batch)
        columnLSE = doubles(batch)
        columnLSE.initialize(repeating: 0, count: batch)
        columnLSEFloat = floats(batch)
        columnLSEFloat.initialize(repeating: 0, count: batch)
        columnScale = floats(batch)
        columnScale.initialize(repeating: 0, count: batch)
        tiles = floats(workers * self.rowBlock * tileStride)
        scratch = floats(workers * 2 * tileStride)
        transposedStride = ((batch + 15) & ~15) + 16
        transposedV = floats(dim * transposedStride)
        keepsTile = fixedShift != nil && self.rowBlock >= batch && self.columnBlock >= batch
        let keptCount = Self.keptFloats(
            batch: batch, dim: dim, workers: workers, rowBlock: rowBlock, columnBlock: columnBlock)
        self.keptTiles = keptCount > 0 ? keptTiles : nil
    }

    /// Worker `worker`'s share of setting the buffers up, run on every worker before the passes (with many
    /// workers, the per-worker buffers would take the calling thread longer than a step): its tile cleared
    /// (the tile product adds to it, see `clearsTiles`; vector loops overwrite it), its column statistics, and v
    /// transposed for rows worker * share..<(worker + 1) * share, share = ceil(batch / workers), which must
    /// already hold their values in `v`.
    public func prepare(worker: Int) {
        if !hasSmallDimension { tile(of: worker).initialize(repeating: 0, count: rowBlock * tileStride) }
        if wantColumns {
            (columnMaxPart + worker * batch).initialize(
                repeating: fixedShift.map(Double.init) ?? -.infinity, count: batch)
            (columnSumPart + worker * batch).initialize(repeating: 0, count: batch)
        }
        let share = (batch + workers - 1) / workers
        let start = min(batch, worker * share)
        for row in start..<min(batch, start + share) {
            for k in 0..<dim { transposedV[k * transposedStride + row] = v[row * dim + k] }
        }
    }

    /// Frees the buffers, unless they came from a workspace.
    public func deallocate() {
        guard ownsBuffers else { return }
        rowMax.deallocate()
        rowSum.deallocate()
        columnMaxPart.deallocate()
        columnSumPart.deallocate()
        rowLSE.deallocate()
        columnLSE.deallocate()
        columnLSEFloat.deallocate()
        columnScale.deallocate()
        tiles.deallocate()
        scratch.deallocate()
        transposedV.deallocate()
    }

    /// Calls `body` with each row block of worker `worker`, as (first row, row count).
    @inlinable @inline(__always)
    public func forEachRowBlock(of worker: Int, _ body: (Int, Int) -> Void) {
        var block = worker
        while block < rowBlockCount {
            let start = block * rowBlock
            body(start, min(rowBlock, batch - start))
            block += workers
        }
    }
}
