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
}
