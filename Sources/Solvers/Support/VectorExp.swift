/// A vectorised single-precision exponential for the engine's tiles.
///
/// Cody-Waite range reduction to r in [-ln2/2, ln2/2] and a degree-6 Taylor polynomial: relative error
/// below 3e-7 on the clamped range. Inputs below -87 return about 1.6e-38 instead of a subnormal or zero,
/// which is harmless where the argument is shifted by a maximum (the sum then holds a term of 1).
public enum VectorExp {
    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let clamped = x.clamped(lowerBound: SIMD8(repeating: -87), upperBound: SIMD8(repeating: 88))
        let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
        let r = clamped - n * 0.693_145_75 - n * 1.428_606_8e-6
        var p = r * (1.0 / 720) + (1.0 / 120)
        p = p * r + (1.0 / 24)
        p = p * r + (1.0 / 6)
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let bits = (SIMD8<Int32>(n) &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    /// `exp` of one value through the vector path, for tails and scalar callers.
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        exp(SIMD8(repeating: x))[0]
    }
}
