import COpenBLAS
import Foundation

/// The second pass of an evaluation: recomputes each tile, turns it into dL/dx and multiplies it back.
///
/// dL/dx_ij = rowWeight * (P_ij - δ_ij) + columnWeight * (Q_ij - δ_ij) with P the row softmax and Q the
/// column softmax. Worker w owns the u-gradient rows of its row blocks and a private v-gradient, merged
/// afterwards in worker order, so the result does not depend on scheduling.
struct GradientSweep {
    let sweep: TileSweep
    let rowWeight: Float
    let columnWeight: Float
    /// Whether the row and column sums of dL/dx are needed (the RBF critic).
    let wantSums: Bool
    let gradU: UnsafeMutablePointer<Float>
    let gradVPart: UnsafeMutablePointer<Float>
    let gradRowSum: UnsafeMutablePointer<Double>
    let gradColumnSumPart: UnsafeMutablePointer<Double>

    init(sweep: TileSweep, rowWeight: Float, columnWeight: Float, wantSums: Bool) {
        self.sweep = sweep
        self.rowWeight = rowWeight
        self.columnWeight = columnWeight
        self.wantSums = wantSums
        let size = sweep.batch * sweep.dim
        gradU = .allocate(capacity: size)
        gradU.initialize(repeating: 0, count: size)
        gradVPart = .allocate(capacity: sweep.workers * size)
        gradVPart.initialize(repeating: 0, count: sweep.workers * size)
        gradRowSum = .allocate(capacity: sweep.batch)
        gradRowSum.initialize(repeating: 0, count: sweep.batch)
        gradColumnSumPart = .allocate(capacity: sweep.workers * sweep.batch)
        gradColumnSumPart.initialize(repeating: 0, count: sweep.workers * sweep.batch)
    }

    func deallocate() {
        gradU.deallocate()
        gradVPart.deallocate()
        gradRowSum.deallocate()
        gradColumnSumPart.deallocate()
    }

    func run(worker: Int) {
        let s = sweep
        let tile = s.tiles + worker * s.rowBlock * s.tileStride
        let columnTotals = s.scratch + worker * 2 * s.tileStride
        let gradV = gradVPart + worker * s.batch * s.dim
        let columnSums = gradColumnSumPart + worker * s.batch
        for (rowStart, rows) in s.rowBlocks(of: worker) {
            for columnStart in stride(from: 0, to: s.batch, by: s.columnBlock) {
                let columns = min(s.columnBlock, s.batch - columnStart)
                if !s.keepsTile {
                    s.formTile(tile, rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns)
                }
                if wantSums { columnTotals.update(repeating: 0, count: columns) }
                for row in 0..<rows {
                    let total = softmaxGradientRow(tile + row * s.tileStride, row: rowStart + row,
                                                   columnStart: columnStart, columns: columns,
                                                   columnTotals: columnTotals)
                    gradRowSum[rowStart + row] += total
                }
                if wantSums {
                    for column in 0..<columns { columnSums[columnStart + column] += Double(columnTotals[column]) }
                }
                let (m, n, k) = (Int32(rows), Int32(columns), Int32(s.dim))
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, k, n, 1, tile, Int32(s.tileStride),
                            s.v + columnStart * s.dim, k, 1, gradU + rowStart * s.dim, k)
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, k, m, 1, tile, Int32(s.tileStride),
                            s.u + rowStart * s.dim, k, 1, gradV + columnStart * s.dim, k)
            }
        }
    }

    /// `softmaxGradientRow` on the fixed-shift path: P = e * exp(M - rowLSE), Q = e * columnScale.
    @inline(__always)
    private func fixedShiftRow(_ line: UnsafeMutablePointer<Float>, shift: Float, row: Int, columnStart: Int,
                               columns: Int) {
        let s = sweep
        let rowScale = rowWeight * Float(Foundation.exp(Double(shift) - s.rowLSE[row]))
        let rowVector = SIMD8<Float>(repeating: rowScale)
        let shiftVector = SIMD8<Float>(repeating: shift)
        let cw = SIMD8<Float>(repeating: columnWeight)
        let scales = s.columnScale + columnStart
        let vectorEnd = columns & ~7
        var column = 0
        while column < vectorEnd {
            let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
            let term = s.keepsTile ? value : VectorExp.exp(value - shiftVector)
            var factor = rowVector
            if s.wantColumns { factor += cw * UnsafeRawPointer(scales + column).loadUnaligned(as: SIMD8<Float>.self) }
            UnsafeMutableRawPointer(line + column).storeBytes(of: term * factor, as: SIMD8<Float>.self)
            column += 8
        }
        while column < columns {
            let term = s.keepsTile ? line[column] : VectorExp.exp(line[column] - shift)
            line[column] = term * (rowScale + (s.wantColumns ? columnWeight * scales[column] : 0))
            column += 1
        }
    }

    /// Overwrites one tile row of logits with dL/dx and returns its sum (zero unless sums are wanted).
    @inline(__always)
    private func softmaxGradientRow(_ line: UnsafeMutablePointer<Float>, row: Int, columnStart: Int, columns: Int,
                                    columnTotals: UnsafeMutablePointer<Float>) -> Double {
        let s = sweep
        let rowShift = SIMD8<Float>(repeating: Float(s.rowLSE[row]))
        let rw = SIMD8<Float>(repeating: rowWeight)
        let cw = SIMD8<Float>(repeating: columnWeight)
        let columnLSE = s.columnLSEFloat + columnStart
        let vectorEnd = columns & ~7
        var total = SIMD8<Float>.zero
        var column = 0
        if let shift = s.fixedShift {
            fixedShiftRow(line, shift: shift, row: row, columnStart: columnStart, columns: columns)
            column = columns
        }
        while column < vectorEnd {
            let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
            var grad = rw * VectorExp.exp(value - rowShift)
            if s.wantColumns {
                let shift = UnsafeRawPointer(columnLSE + column).loadUnaligned(as: SIMD8<Float>.self)
                grad += cw * VectorExp.exp(value - shift)
            }
            UnsafeMutableRawPointer(line + column).storeBytes(of: grad, as: SIMD8<Float>.self)
            column += 8
        }
        while column < columns {
            var grad = rowWeight * VectorExp.exp(line[column] - rowShift[0])
            if s.wantColumns { grad += columnWeight * VectorExp.exp(line[column] - columnLSE[column]) }
            line[column] = grad
            column += 1
        }
        let diagonal = row - columnStart
        if diagonal >= 0 && diagonal < columns { line[diagonal] -= rowWeight + columnWeight }
        guard wantSums else { return 0 }
        column = 0
        while column < vectorEnd {
            let grad = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
            total += grad
            let sum = UnsafeRawPointer(columnTotals + column).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(columnTotals + column).storeBytes(of: sum + grad, as: SIMD8<Float>.self)
            column += 8
        }
        var rowTotal = Double(total.sum())
        while column < columns {
            rowTotal += Double(line[column])
            columnTotals[column] += line[column]
            column += 1
        }
        return rowTotal
    }
}
