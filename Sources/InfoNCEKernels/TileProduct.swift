import COpenBLAS

/// The matrix products of the engine's tiles: C += alpha A B, C and B row-major, A read through two strides.
///
/// Forming logits is U_I (alpha V_J^T), and the gradient pass adds G V_J to the u-gradient and U_I^T G to the
/// transposed v-gradient. The AVX-512 copy of the kernels computes them with its own register blocks
/// (`RegisterBlockProduct`): OpenBLAS builds that predate a CPU fall back to AVX2 kernels on it, or are made
/// to with `OPENBLAS_CORETYPE` because their AVX-512 kernels go wrong there. The other copies call sgemm.
public enum TileProduct {
    /// C (rows x columns, row stride `cStride`) += alpha A B, where A[i, p] = a[i * aRowStride + p * aDepthStride]
    /// (A row-major, or the transpose of a row-major matrix) and row p of B (depth x columns) starts at
    /// b + p * bStride.
    @inline(__always)
    public static func add(
        rows: Int, columns: Int, depth: Int, alpha: Float, a: UnsafePointer<Float>, aRowStride: Int,
        aDepthStride: Int, b: UnsafePointer<Float>, bStride: Int, c: UnsafeMutablePointer<Float>, cStride: Int
    ) {
        guard rows > 0, columns > 0, depth > 0 else { return }
        #if INFOSWEEP_AVX512
            RegisterBlockProduct.add(
                rows: rows, columns: columns, depth: depth, alpha: alpha, a: a, aRowStride: aRowStride,
                aDepthStride: aDepthStride, b: b, bStride: bStride, c: c, cStride: cStride)
        #else
            // sgemm reads A row-major (depth stride 1, row stride at least depth) or as the transpose of a
            // row-major depth x rows matrix; with both strides 1 (a single row or column), whichever fits.
            let transposed = !(aDepthStride == 1 && aRowStride >= depth)
            precondition(!transposed || (aRowStride == 1 && aDepthStride >= rows), "A must be row-major or transposed")
            cblas_sgemm(
                CblasRowMajor, transposed ? CblasTrans : CblasNoTrans, CblasNoTrans, Int32(rows), Int32(columns),
                Int32(depth), alpha, a, Int32(transposed ? aDepthStride : aRowStride), b, Int32(bStride), 1, c,
                Int32(cStride))
        #endif
    }
}
