import InfoNCEKernels
import InfoNCEKernelsAVX2
import InfoNCEKernelsAVX512

/// `TileProduct.add` of one compiled copy of the kernels: rows, columns, depth, alpha, A, A's row and depth
/// strides, B, B's row stride, C, C's row stride.
public typealias TileProductFunction = (
    Int, Int, Int, Float, UnsafePointer<Float>, Int, Int, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int
) -> Void

extension InstructionSet {
    /// The tile product of this copy of the kernels (for benchmarks and tests; the engine calls it inside them).
    public var tileProduct: TileProductFunction {
        switch self {
        case .portable: InfoNCEKernels.TileProduct.add
        case .avx2: InfoNCEKernelsAVX2.TileProduct.add
        case .avx512: InfoNCEKernelsAVX512.TileProduct.add
        }
    }
}
