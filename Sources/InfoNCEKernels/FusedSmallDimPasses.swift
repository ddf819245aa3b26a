import Foundation
import InfoNCETiles

/// Both passes for the cosine critic's fixed-shift path at dim <= 8, fused into single sweeps over rows.
///
/// Logits are formed eight columns at a time from v transposed, exponentiated and consumed at once, so no
/// tile is written: pass 1 adds exp(x - M) to the row sum and to the worker's column sums; pass 2 turns it
/// into dL/dx and accumulates both gradients (the v-gradient transposed, per worker) in the same loop.
extension TileSweep {
    /// Whether the fused passes apply: the cosine critic's fixed-shift path at dim <= 8.
    var isFusable: Bool {
        fixedShift != nil && transposedV != nil && rowOffset == nil
    }

    /// Pass 1; `columnSums` is this worker's scratch of `batch` floats.
    func fusedStatisticsPass(worker: Int, columnSums: UnsafeMutablePointer<Float>) {
        let s = self
        if s.keepsTile {
            // One tile holds the matrix: the tile pass leaves exp(x - M) there for the gradient pass.
            s.statisticsPass(worker: worker)
            return
        }
        let (batch, dim) = (s.batch, s.dim)
        let transposed = s.transposedV!
        let shift = SIMD8<Float>(repeating: s.fixedShift!)
        let vectorEnd = batch & ~7
        let columnSum = s.columnSumPart + worker * batch
        s.forEachRowBlock(of: worker) { rowStart, rows in
            columnSums.update(repeating: 0, count: batch)
            for row in rowStart..<(rowStart + rows) {
                var coefficients = SIMD8<Float>.zero
                for k in 0..<dim { coefficients[k] = s.alpha * s.u[row * dim + k] }
                let form = SmallDot(coefficients: coefficients, transposed: transposed, batch: batch, dim: dim)
                var total = SIMD8<Float>.zero
                var column = 0
                while column < vectorEnd {
                    let value = form.logits(at: column)
                    let term = VectorExp.exp(value - shift)
                    total += term
                    if s.wantColumns {
                        let sum = UnsafeRawPointer(columnSums + column).loadUnaligned(as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(columnSums + column).storeBytes(of: sum + term, as: SIMD8<Float>.self)
                    }
                    column += 8
                }
                var rowTotal = Double(laneSum(total))
                while column < batch {
                    var value: Float = 0
                    for k in 0..<dim { value += coefficients[k] * transposed[k * batch + column] }
                    let term = VectorExp.exp(value - shift[0])
                    rowTotal += Double(term)
                    columnSums[column] += term
                    column += 1
                }
                s.rowSum[row] += rowTotal
            }
            if s.wantColumns {
                for column in 0..<batch { columnSum[column] += Double(columnSums[column]) }
            }
        }
    }

}

extension GradientSweep {
    /// Pass 2 of the fused path; `transposedGradV` is this worker's dim x batch v-gradient, zeroed by the caller.
    func fusedGradientPass(worker: Int, transposedGradV: UnsafeMutablePointer<Float>) {
        let s = sweep
        let g = self
        let (batch, dim) = (s.batch, s.dim)
        let transposed = s.transposedV!
        let shiftScalar = s.fixedShift!
        let shift = SIMD8<Float>(repeating: shiftScalar)
        let columnWeight = SIMD8<Float>(repeating: g.columnWeight)
        let diagonalWeight = g.rowWeight + g.columnWeight
        let vectorEnd = batch & ~7
        s.forEachRowBlock(of: worker) { rowStart, rows in
            for row in rowStart..<(rowStart + rows) {
                var coefficients = SIMD8<Float>.zero
                var direction = SIMD8<Float>.zero
                for k in 0..<dim {
                    direction[k] = s.u[row * dim + k]
                    coefficients[k] = s.alpha * direction[k]
                }
                let rowScaleScalar = g.rowWeight * Float(Foundation.exp(Double(shiftScalar) - s.rowLSE[row]))
                let rowScale = SIMD8<Float>(repeating: rowScaleScalar)
                let form = SmallDot(coefficients: coefficients, transposed: transposed, batch: batch, dim: dim)
                let splats = SmallDot(coefficients: direction, transposed: transposed, batch: batch, dim: dim)
                var accumulators = SmallAccumulators()
                var column = 0
                let kept = s.tiles + (row - rowStart) * s.tileStride
                while column < vectorEnd {
                    let term = s.keepsTile ? UnsafeRawPointer(kept + column).loadUnaligned(as: SIMD8<Float>.self)
                        : VectorExp.exp(form.logits(at: column) - shift)
                    var factor = rowScale
                    if s.wantColumns {
                        factor += columnWeight
                            * UnsafeRawPointer(s.columnScale + column).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    var grad = term * factor
                    let diagonal = row - column
                    if diagonal >= 0 && diagonal < 8 { grad[diagonal] -= diagonalWeight }
                    accumulators.add(grad, form: form, direction: splats, gradient: transposedGradV, at: column)
                    column += 8
                }
                var tails = SIMD8<Float>.zero
                while column < batch {
                    var value: Float = 0
                    for k in 0..<dim { value += coefficients[k] * transposed[k * batch + column] }
                    let factor = rowScaleScalar + (s.wantColumns ? g.columnWeight * s.columnScale[column] : 0)
                    var grad = (s.keepsTile ? kept[column] : VectorExp.exp(value - shiftScalar)) * factor
                    if column == row { grad -= diagonalWeight }
                    for k in 0..<dim {
                        tails[k] += grad * transposed[k * batch + column]
                        transposedGradV[k * batch + column] += grad * direction[k]
                    }
                    column += 1
                }
                for k in 0..<dim { g.gradU[row * dim + k] = accumulators.total(k) + tails[k] }
            }
        }
        let gradV = g.gradVPart + worker * batch * dim
        for column in 0..<batch {
            for k in 0..<dim { gradV[column * dim + k] = transposedGradV[k * batch + column] }
        }
    }
}

/// One row's logits eight columns at a time, alpha * sum_k u_k v_k, unrolled for dim <= 8.
extension SmallDot {
    init(coefficients: SIMD8<Float>, transposed: UnsafeMutablePointer<Float>, batch: Int, dim: Int) {
        self.init(splats: (SIMD8(repeating: coefficients[0]), SIMD8(repeating: coefficients[1]),
                           SIMD8(repeating: coefficients[2]), SIMD8(repeating: coefficients[3]),
                           SIMD8(repeating: coefficients[4]), SIMD8(repeating: coefficients[5]),
                           SIMD8(repeating: coefficients[6]), SIMD8(repeating: coefficients[7])),
                  transposed: transposed, batch: batch, dim: dim)
    }

    @inline(__always)
    func row(_ k: Int, _ column: Int) -> SIMD8<Float> {
        UnsafeRawPointer(transposed + k * batch + column).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    func logits(at column: Int) -> SIMD8<Float> {
        var value = c0 * row(0, column)
        if dim > 1 { value += c1 * row(1, column) }
        if dim > 2 { value += c2 * row(2, column) }
        if dim > 3 { value += c3 * row(3, column) }
        if dim > 4 { value += c4 * row(4, column) }
        if dim > 5 { value += c5 * row(5, column) }
        if dim > 6 { value += c6 * row(6, column) }
        if dim > 7 { value += c7 * row(7, column) }
        return value
    }
}

/// The u-gradient accumulation of one row and the transposed v-gradient update, unrolled for dim <= 8.
extension SmallAccumulators {
    /// Adds grad * v to the u-gradient accumulators and grad * u_k to row k of the transposed v-gradient;
    /// `direction` is u (the row's normalised embedding) as splats.
    @inline(__always)
    mutating func add(_ grad: SIMD8<Float>, form: SmallDot, direction: SmallDot,
                      gradient: UnsafeMutablePointer<Float>, at column: Int) {
        let dim = form.dim
        let stride = form.batch
        @inline(__always)
        func update(_ k: Int, _ accumulator: inout SIMD8<Float>, _ weight: SIMD8<Float>) {
            accumulator += grad * form.row(k, column)
            let target = gradient + k * stride + column
            let current = UnsafeRawPointer(target).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(target).storeBytes(of: current + grad * weight, as: SIMD8<Float>.self)
        }
        update(0, &a0, direction.c0)
        if dim > 1 { update(1, &a1, direction.c1) }
        if dim > 2 { update(2, &a2, direction.c2) }
        if dim > 3 { update(3, &a3, direction.c3) }
        if dim > 4 { update(4, &a4, direction.c4) }
        if dim > 5 { update(5, &a5, direction.c5) }
        if dim > 6 { update(6, &a6, direction.c6) }
        if dim > 7 { update(7, &a7, direction.c7) }
    }

    func total(_ k: Int) -> Float {
        switch k {
        case 0: laneSum(a0)
        case 1: laneSum(a1)
        case 2: laneSum(a2)
        case 3: laneSum(a3)
        case 4: laneSum(a4)
        case 5: laneSum(a5)
        case 6: laneSum(a6)
        default: laneSum(a7)
        }
    }
}
