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
        fixedShift != nil && hasSmallDimension && rowOffset == nil
    }

    /// Pass 1; `columnSums` is this worker's scratch of `batch` floats. When one tile holds the matrix, the
    /// pass also leaves exp(x - M) there for the gradient pass.
    func fusedStatisticsPass(worker: Int, columnSums: UnsafeMutablePointer<Float>) {
        // A literal dim lets the compiler drop the unused lanes of SmallDot and keep its splats in registers.
        switch dim {
        case 1: fusedStatisticsPass(worker: worker, columnSums: columnSums, dim: Dimension1.self)
        case 2: fusedStatisticsPass(worker: worker, columnSums: columnSums, dim: Dimension2.self)
        case 3: fusedStatisticsPass(worker: worker, columnSums: columnSums, dim: Dimension3.self)
        case 4: fusedStatisticsPass(worker: worker, columnSums: columnSums, dim: Dimension4.self)
        default: fusedStatisticsPass(worker: worker, columnSums: columnSums, dim: AnyDimension.self)
        }
    }

    private func fusedStatisticsPass<Dimension: SmallDimension>(
        worker: Int, columnSums: UnsafeMutablePointer<Float>, dim _: Dimension.Type
    ) {
        let dim = Dimension.value ?? self.dim
        let transposed = transposedV
        let stride = transposedStride
        let shift = fixedShift!
        let vectorEnd = batch & ~7
        let columnSum = columnSumPart + worker * batch
        let tile = tile(of: worker)
        let (keep, columnsWanted) = (keepsTile, wantColumns)
        forEachRowBlock(of: worker) { rowStart, rows in
            columnSums.update(repeating: 0, count: batch)
            for row in rowStart..<(rowStart + rows) {
                var coefficients = SIMD8<Float>.zero
                for k in 0..<dim { coefficients[k] = alpha * u[row * dim + k] }
                let form = SmallDot(coefficients: coefficients, transposed: transposed, stride: stride, dim: dim)
                let kept = tile + (row - rowStart) * tileStride
                // Each combination gets its own loop, free of per-column branches.
                let total =
                    switch (keep, columnsWanted) {
                    case (true, true):
                        form.statisticsRow(shift: shift, end: vectorEnd, kept: kept, columnSums: columnSums)
                    case (true, false): form.statisticsRow(shift: shift, end: vectorEnd, kept: kept, columnSums: nil)
                    case (false, true):
                        form.statisticsRow(shift: shift, end: vectorEnd, kept: nil, columnSums: columnSums)
                    case (false, false): form.statisticsRow(shift: shift, end: vectorEnd, kept: nil, columnSums: nil)
                    }
                var rowTotal = Double(laneSum(total))
                for column in vectorEnd..<batch {
                    var value: Float = 0
                    for k in 0..<dim { value += coefficients[k] * transposed[k * stride + column] }
                    let term = VectorExp.exp(value - shift)
                    rowTotal += Double(term)
                    columnSums[column] += term
                    if keep { kept[column] = term }
                }
                rowSum[row] += rowTotal
            }
            if columnsWanted {
                for column in 0..<batch { columnSum[column] += Double(columnSums[column]) }
            }
        }
    }
}

extension GradientSweep {
    /// Pass 2 of the fused path.
    func fusedGradientPass(worker: Int) {
        let transposedGradV = transposedGradVPart(of: worker)
        switch sweep.dim {
        case 1: fusedGradientPass(worker: worker, transposedGradV: transposedGradV, dim: Dimension1.self)
        case 2: fusedGradientPass(worker: worker, transposedGradV: transposedGradV, dim: Dimension2.self)
        case 3: fusedGradientPass(worker: worker, transposedGradV: transposedGradV, dim: Dimension3.self)
        case 4: fusedGradientPass(worker: worker, transposedGradV: transposedGradV, dim: Dimension4.self)
        default: fusedGradientPass(worker: worker, transposedGradV: transposedGradV, dim: AnyDimension.self)
        }
    }

    private func fusedGradientPass<Dimension: SmallDimension>(
        worker: Int, transposedGradV: UnsafeMutablePointer<Float>, dim _: Dimension.Type
    ) {
        let s = sweep
        let dim = Dimension.value ?? s.dim
        let g = self
        let batch = s.batch
        let transposed = s.transposedV
        let stride = s.transposedStride
        let tile = s.tile(of: worker)
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
                let form = SmallDot(coefficients: coefficients, transposed: transposed, stride: stride, dim: dim)
                let splats = SmallDot(coefficients: direction, transposed: transposed, stride: stride, dim: dim)
                let kept = tile + (row - rowStart) * s.tileStride
                let gradient = FusedGradientRow(
                    form: form, direction: splats, row: row, shift: shift, rowScale: rowScale,
                    columnWeight: columnWeight, diagonalWeight: diagonalWeight, gradient: transposedGradV)
                // Each combination gets its own loop, free of per-column branches.
                let accumulators =
                    switch (s.keepsTile, s.wantColumns) {
                    case (true, true): gradient.sweep(end: vectorEnd, kept: kept, columnScale: s.columnScale)
                    case (true, false): gradient.sweep(end: vectorEnd, kept: kept, columnScale: nil)
                    case (false, true): gradient.sweep(end: vectorEnd, kept: nil, columnScale: s.columnScale)
                    case (false, false): gradient.sweep(end: vectorEnd, kept: nil, columnScale: nil)
                    }
                var column = vectorEnd
                var tails = SIMD8<Float>.zero
                while column < batch {
                    var value: Float = 0
                    for k in 0..<dim { value += coefficients[k] * transposed[k * stride + column] }
                    let factor = rowScaleScalar + (s.wantColumns ? g.columnWeight * s.columnScale[column] : 0)
                    var grad = (s.keepsTile ? kept[column] : VectorExp.exp(value - shiftScalar)) * factor
                    if column == row { grad -= diagonalWeight }
                    for k in 0..<dim {
                        tails[k] += grad * transposed[k * stride + column]
                        transposedGradV[k * stride + column] += grad * direction[k]
                    }
                    column += 1
                }
                for k in 0..<dim { g.gradU[row * dim + k] = accumulators.total(k) + tails[k] }
            }
        }
    }
}

extension FusedGradientRow {
    /// The first `end` columns: exp(x - M) read from `kept` or computed, the column softmax term added when
    /// `columnScale` is given; returns the u-gradient accumulators.
    @inline(__always)
    func sweep(
        end: Int, kept: UnsafeMutablePointer<Float>?, columnScale: UnsafeMutablePointer<Float>?
    )
        -> SmallAccumulators
    {
        var accumulators = SmallAccumulators()
        var column = 0
        while column < end {
            let term =
                kept.map { UnsafeRawPointer($0 + column).loadUnaligned(as: SIMD8<Float>.self) }
                ?? VectorExp.expInRange(form.logits(at: column) - shift)
            var factor = rowScale
            if let columnScale {
                factor = multiplyAdd(
                    columnWeight,
                    UnsafeRawPointer(columnScale + column).loadUnaligned(as: SIMD8<Float>.self), factor)
            }
            var grad = term * factor
            let diagonal = row - column
            if diagonal >= 0 && diagonal < 8 { grad[diagonal] -= diagonalWeight }
            accumulators.add(grad, form: form, direction: direction, gradient: gradient, at: column)
            column += 8
        }
        return accumulators
    }
}

/// One row's logits eight columns at a time, alpha * sum_k u_k v_k, unrolled for dim <= 8.
extension SmallDot {
    init(coefficients: SIMD8<Float>, transposed: UnsafeMutablePointer<Float>, stride: Int, dim: Int) {
        self.init(
            splats: (
                SIMD8(repeating: coefficients[0]), SIMD8(repeating: coefficients[1]),
                SIMD8(repeating: coefficients[2]), SIMD8(repeating: coefficients[3]),
                SIMD8(repeating: coefficients[4]), SIMD8(repeating: coefficients[5]),
                SIMD8(repeating: coefficients[6]), SIMD8(repeating: coefficients[7])
            ),
            transposed: transposed, stride: stride, dim: dim)
    }

    /// exp(x - shift) over one row's first `end` columns: summed and returned, added to `columnSums` and
    /// stored in `kept` when they are given.
    @inline(__always)
    func statisticsRow(
        shift: Float, end: Int, kept: UnsafeMutablePointer<Float>?,
        columnSums: UnsafeMutablePointer<Float>?
    ) -> SIMD8<Float> {
        let shiftVector = SIMD8<Float>(repeating: shift)
        var total = SIMD8<Float>.zero
        var column = 0
        while column < end {
            let term = VectorExp.expInRange(logits(at: column) - shiftVector)
            total += term
            if let kept { UnsafeMutableRawPointer(kept + column).storeBytes(of: term, as: SIMD8<Float>.self) }
            if let columnSums {
                let sum = UnsafeRawPointer(columnSums + column).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(columnSums + column).storeBytes(of: sum + term, as: SIMD8<Float>.self)
            }
            column += 8
        }
        return total
    }

    @inline(__always)
    func row(_ k: Int, _ column: Int) -> SIMD8<Float> {
        UnsafeRawPointer(transposed + k * stride + column).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    func logits(at column: Int) -> SIMD8<Float> {
        var value = c0 * row(0, column)
        if dim > 1 { value = multiplyAdd(c1, row(1, column), value) }
        if dim > 2 { value = multiplyAdd(c2, row(2, column), value) }
        if dim > 3 { value = multiplyAdd(c3, row(3, column), value) }
        if dim > 4 { value = multiplyAdd(c4, row(4, column), value) }
        if dim > 5 { value = multiplyAdd(c5, row(5, column), value) }
        if dim > 6 { value = multiplyAdd(c6, row(6, column), value) }
        if dim > 7 { value = multiplyAdd(c7, row(7, column), value) }
        return value
    }
}

/// The u-gradient accumulation of one row and the transposed v-gradient update, unrolled for dim <= 8.
extension SmallAccumulators {
    /// Adds grad * v to the u-gradient accumulators and grad * u_k to row k of the transposed v-gradient;
    /// `direction` is u (the row's normalised embedding) as splats.
    @inline(__always)
    mutating func add(
        _ grad: SIMD8<Float>, form: SmallDot, direction: SmallDot,
        gradient: UnsafeMutablePointer<Float>, at column: Int
    ) {
        let dim = form.dim
        let stride = form.stride
        @inline(__always)
        func update(_ k: Int, _ accumulator: inout SIMD8<Float>, _ weight: SIMD8<Float>) {
            accumulator = multiplyAdd(grad, form.row(k, column), accumulator)
            let target = gradient + k * stride + column
            let current = UnsafeRawPointer(target).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(target).storeBytes(of: multiplyAdd(grad, weight, current), as: SIMD8<Float>.self)
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
