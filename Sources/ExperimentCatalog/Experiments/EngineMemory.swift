/// The memory of one InfoNCE engine evaluation with gradients, as `InfoNCEKernel.evaluate` and the tile
/// buffers (`TileSweep`, `GradientSweep`) allocate it, in bytes. Kept beside those files' layout: the
/// normalised copies u and v, v transposed, per-worker tiles and column statistics, the u-gradient and the
/// per-worker transposed v-gradients.
public enum EngineMemory {
    public static func bytes(batch: Double, dim: Double, threads: Int, rowBlock: Double, columnBlock: Double) -> Double
    {
        let workers = Double(max(1, threads))
        let rows = min(rowBlock, batch)
        let tileStride = min(columnBlock, batch) + 8
        let transposed = dim * (batch + 32)
        let floats =
            3 * batch * dim + transposed * (1 + workers) + 2 * workers * rows * tileStride
            + 2 * workers * tileStride + 6 * batch
        let doubles = batch * (6 + 3 * workers)
        return 4 * floats + 8 * doubles
    }

    /// The tiles the engine keeps for its gradient pass within a budget of `budgetMiB`, as
    /// `TileSweep.keptFloats` counts them (with several threads, the row block may shrink); 0 when they do not
    /// fit and the gradient pass forms them again.
    public static func keptTileBytes(
        batch: Double, dim: Double, threads: Int, rowBlock: Double, columnBlock: Double, budgetMiB: Double
    ) -> Double {
        let workers = Double(max(1, threads))
        var rows = max(1, rowBlock)
        if batch > rows && workers > 1 { rows = min(rows, max(64, (batch / (2 * workers)).rounded(.up))) }
        rows = min(rows, batch)
        let columns = max(1, min(columnBlock, batch))
        guard dim > 8, rows < batch || columns < batch else { return 0 }
        let tileStride = (columns / 8).rounded(.up) * 8
        let bytes = 4 * (batch / rows).rounded(.up) * rows * (batch / columns).rounded(.up) * tileStride
        return bytes <= budgetMiB * 1_048_576 ? bytes : 0
    }
}
