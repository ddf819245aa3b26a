/// Sums and maxima across the lanes of a vector, written out so that no generic library specialisation is
/// emitted into the kernel modules (see `InfoNCEKernel`).
@inline(__always)
func laneSum(_ vector: SIMD8<Float>) -> Float {
    let four = vector.lowHalf + vector.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
}

@inline(__always)
func laneMax(_ vector: SIMD8<Float>) -> Float {
    let four = largerLanes(vector.lowHalf, vector.highHalf)
    let two = largerLanes(four.lowHalf, four.highHalf)
    return Swift.max(two[0], two[1])
}

/// The larger of each pair of lanes.
@inline(__always)
func largerLanes(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .> a)
}

@inline(__always)
func largerLanes(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .> a)
}

@inline(__always)
func largerLanes(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> SIMD2<Float> {
    a.replacing(with: b, where: b .> a)
}

/// a * b + c, fused into one rounding where the copy is built for FMA.
@inline(__always)
func multiplyAdd(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
    #if INFOSWEEP_FMA
        c.addingProduct(a, b)
    #else
        a * b + c
    #endif
}
