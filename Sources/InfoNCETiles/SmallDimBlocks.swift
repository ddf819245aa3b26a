/// One row's coefficients as splats, to form its logits eight columns at a time from v transposed.
public struct SmallDot {
    public let c0, c1, c2, c3, c4, c5, c6, c7: SIMD8<Float>
    public let transposed: UnsafeMutablePointer<Float>
    public let batch: Int
    public let dim: Int

    @inlinable
    public init(splats: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>,
                         SIMD8<Float>, SIMD8<Float>),
                transposed: UnsafeMutablePointer<Float>, batch: Int, dim: Int) {
        (c0, c1, c2, c3, c4, c5, c6, c7) = splats
        self.transposed = transposed
        self.batch = batch
        self.dim = dim
    }
}

/// The u-gradient accumulators of one row in the fused gradient pass, eight columns wide.
public struct SmallAccumulators {
    public var a0, a1, a2, a3, a4, a5, a6, a7: SIMD8<Float>

    @inlinable
    public init() {
        (a0, a1, a2, a3) = (.zero, .zero, .zero, .zero)
        (a4, a5, a6, a7) = (.zero, .zero, .zero, .zero)
    }
}
