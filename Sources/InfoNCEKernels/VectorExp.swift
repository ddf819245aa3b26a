/// A vectorised single-precision exponential for the engine's tiles.
///
/// Cody-Waite range reduction to r in [-ln2/2, ln2/2] and a degree-6 Taylor polynomial: relative error
/// below 3e-7 on [-87, 88]. Rounding uses the 1.5 * 2^23 trick and the power of two is built from the
/// integer bits, so every step is a plain vector instruction. Inputs below -87 return about 1.6e-38
/// instead of a subnormal or zero, harmless where the argument is shifted by a maximum.
public enum VectorExp {
    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -87)
        let high = SIMD8<Float>(repeating: 88)
        let clamped = x.replacing(with: low, where: x .< low)
        return expInRange(clamped.replacing(with: high, where: clamped .> high))
    }

    /// `exp` for arguments known to lie in [-87, 88], such as logits less the fixed shift: no clamping.
    @inline(__always)
    public static func expInRange(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = multiplyAdd(x, SIMD8(repeating: 1.442_695_04), magic)
        let n = shifted - magic
        let r = multiplyAdd(
            n, SIMD8(repeating: -1.428_606_8e-6), multiplyAdd(n, SIMD8(repeating: -0.693_145_75), x))
        var p = multiplyAdd(r, SIMD8(repeating: 1.0 / 720), SIMD8(repeating: 1.0 / 120))
        p = multiplyAdd(p, r, SIMD8(repeating: 1.0 / 24))
        p = multiplyAdd(p, r, SIMD8(repeating: 1.0 / 6))
        p = multiplyAdd(p, r, SIMD8(repeating: 0.5))
        p = multiplyAdd(p, r, SIMD8(repeating: 1))
        p = multiplyAdd(p, r, SIMD8(repeating: 1))
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let bits = (integer &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    /// `exp` of one value through the vector path, for tails and scalar callers.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        exp(SIMD8(repeating: x))[0]
    }
}
