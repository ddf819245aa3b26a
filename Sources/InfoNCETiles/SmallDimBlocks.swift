/// One row's coefficients as splats, to form its logits eight columns at a time from v transposed.
public struct SmallDot {
    public let c0, c1, c2, c3, c4, c5, c6, c7: SIMD8<Float>
    public let transposed: UnsafeMutablePointer<Float>
    /// The row stride of `transposed`.
    public let stride: Int
    public let dim: Int

    @inlinable
    public init(
        splats: (
            SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>,
            SIMD8<Float>, SIMD8<Float>
        ),
        transposed: UnsafeMutablePointer<Float>, stride: Int, dim: Int
    ) {
        (c0, c1, c2, c3, c4, c5, c6, c7) = splats
        self.transposed = transposed
        self.stride = stride
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

/// One row of the fused gradient pass: dL/dx eight columns at a time, multiplied onto both gradients.
public struct FusedGradientRow {
    public let form: SmallDot
    /// The row's normalised embedding u as splats.
    public let direction: SmallDot
    public let row: Int
    public let shift: SIMD8<Float>
    public let rowScale: SIMD8<Float>
    public let columnWeight: SIMD8<Float>
    public let diagonalWeight: Float
    /// This worker's transposed v-gradient.
    public let gradient: UnsafeMutablePointer<Float>

    @inlinable
    public init(
        form: SmallDot, direction: SmallDot, row: Int, shift: SIMD8<Float>, rowScale: SIMD8<Float>,
        columnWeight: SIMD8<Float>, diagonalWeight: Float, gradient: UnsafeMutablePointer<Float>
    ) {
        self.form = form
        self.direction = direction
        self.row = row
        self.shift = shift
        self.rowScale = rowScale
        self.columnWeight = columnWeight
        self.diagonalWeight = diagonalWeight
        self.gradient = gradient
    }
}

/// A dimension known when the code is compiled, so that each specialisation of the fused passes keeps only
/// the SmallDot lanes it uses (their splats then stay in registers).
public protocol SmallDimension {
    static var value: Int? { get }
}

public enum Dimension1: SmallDimension { @inlinable public static var value: Int? { 1 } }
public enum Dimension2: SmallDimension { @inlinable public static var value: Int? { 2 } }
public enum Dimension3: SmallDimension { @inlinable public static var value: Int? { 3 } }
public enum Dimension4: SmallDimension { @inlinable public static var value: Int? { 4 } }
/// Any dim up to 8, read at run time.
public enum AnyDimension: SmallDimension { @inlinable public static var value: Int? { nil } }
