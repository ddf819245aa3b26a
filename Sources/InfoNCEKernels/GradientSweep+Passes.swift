import Foundation
import InfoNCETiles

/// The gradient pass of an evaluation and the step that maps its sums back to the raw outputs.
extension GradientSweep {
    func run(worker: Int) {
        let s = sweep
        let tile = s.tile(of: worker)
        // With products the gradient goes to a second buffer and the tile is cleared as it is read (see formTile);
        // kept tiles are read where pass 1 left them and never cleared.
        let gradients = s.clearsTiles ? gradientTile(of: worker) : tile
        let kept = s.keptTiles != nil
        let clearsSource = s.clearsTiles && !kept
        let termsGiven = s.keepsTile || (kept && s.fixedShift != nil)
        let columnTotals = s.scratch + worker * 2 * s.tileStride
        let transposedGradV = transposedGradVPart(of: worker)
        let columnSums = gradColumnSumPart + worker * s.batch
        s.forEachRowBlock(of: worker) { rowStart, rows in
            var columnStart = 0
            while columnStart < s.batch {
                defer { columnStart += s.columnBlock }
                let columns = min(s.columnBlock, s.batch - columnStart)
                let source = kept ? s.keptTile(rowStart: rowStart, columnStart: columnStart) : tile
                if !s.keepsTile && !kept {
                    s.formTile(tile, rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns)
                }
                if wantSums { columnTotals.update(repeating: 0, count: columns) }
                for row in 0..<rows {
                    let total = softmaxGradientRow(
                        source + row * s.tileStride, into: gradients + row * s.tileStride, row: rowStart + row,
                        columnStart: columnStart, columns: columns, clearsLine: clearsSource,
                        termsGiven: termsGiven, columnTotals: columnTotals)
                    gradRowSum[rowStart + row] += total
                }
                if wantSums {
                    for column in 0..<columns { columnSums[columnStart + column] += Double(columnTotals[column]) }
                }
                multiplyBack(
                    gradients, rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns,
                    transposedGradV: transposedGradV)
            }
        }
    }

    /// Adds G v to the u-gradient rows and (G^T u)^T to the transposed v-gradient, G being the tile.
    @inline(__always)
    private func multiplyBack(
        _ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columnStart: Int, columns: Int,
        transposedGradV: UnsafeMutablePointer<Float>
    ) {
        let s = sweep
        let dim = s.dim
        TileProduct.add(
            rows: rows, columns: dim, depth: columns, alpha: 1, a: tile, aRowStride: s.tileStride, aDepthStride: 1,
            b: s.v + columnStart * dim, bStride: dim, c: gradU + rowStart * dim, cStride: dim)
        TileProduct.add(
            rows: dim, columns: columns, depth: rows, alpha: 1, a: s.u + rowStart * dim, aRowStride: 1,
            aDepthStride: dim, b: tile, bStride: s.tileStride, c: transposedGradV + columnStart,
            cStride: s.transposedStride)
    }

    /// Worker `worker`'s share of the last step: merges the per-worker v-gradients in worker order and maps
    /// dL/du, dL/dv back to the raw outputs.
    func finish(
        worker: Int, z1: UnsafePointer<Float>, z2: UnsafePointer<Float>, norms1: UnsafeMutablePointer<Float>,
        norms2: UnsafeMutablePointer<Float>, grad1: UnsafeMutablePointer<Float>?,
        grad2: UnsafeMutablePointer<Float>?
    ) {
        let (batch, dim, workers, alpha) = (sweep.batch, sweep.dim, sweep.workers, sweep.alpha)
        let stride = sweep.transposedStride
        let rows = (batch + workers - 1) / workers
        let start = worker * rows
        let end = min(batch, start + rows)
        guard start < end else { return }
        let target = UnsafeMutablePointer<Float>.allocate(capacity: dim)
        defer { target.deallocate() }
        for row in start..<end {
            var columnSum = 0.0
            for part in 0..<workers { columnSum += gradColumnSumPart[part * batch + row] }
            for k in 0..<dim { target[k] = gradVPart[k * stride + row] }
            for part in 1..<max(1, workers) {
                let source = transposedGradVPart(of: part) + row
                for k in 0..<dim { target[k] += source[k * stride] }
            }
            if wantSums {
                let rowSum = Float(gradRowSum[row])
                let colSum = Float(columnSum)
                if let grad1 {
                    for k in 0..<dim {
                        grad1[row * dim + k] = alpha * (gradU[row * dim + k] - rowSum * z1[row * dim + k])
                    }
                }
                if let grad2 {
                    for k in 0..<dim { grad2[row * dim + k] = alpha * (target[k] - colSum * z2[row * dim + k]) }
                }
            } else {
                if let grad1 {
                    projectBack(
                        gradU + row * dim, direction: sweep.u + row * dim, norm: norms1[row], scale: alpha,
                        into: grad1 + row * dim, dim: dim)
                }
                if let grad2 {
                    projectBack(
                        target, direction: sweep.v + row * dim, norm: norms2[row], scale: alpha,
                        into: grad2 + row * dim, dim: dim)
                }
            }
        }
    }

    /// `softmaxGradientRow` on the fixed-shift path: P = e * exp(M - rowLSE), Q = e * columnScale.
    @inline(__always)
    private func fixedShiftRow(
        _ line: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>, shift: Float, row: Int,
        columnStart: Int, columns: Int, clearsLine: Bool, termsGiven: Bool
    ) {
        let s = sweep
        let rowScale = self.rowScale[row]
        let rowVector = SIMD8<Float>(repeating: rowScale)
        let shiftVector = SIMD8<Float>(repeating: shift)
        let cw = SIMD8<Float>(repeating: columnWeight)
        let scales = s.columnScale + columnStart
        let vectorEnd = columns & ~7
        var column = 0
        while column < vectorEnd {
            let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
            let term = termsGiven ? value : VectorExp.expInRange(value - shiftVector)
            var factor = rowVector
            if s.wantColumns { factor += cw * UnsafeRawPointer(scales + column).loadUnaligned(as: SIMD8<Float>.self) }
            UnsafeMutableRawPointer(out + column).storeBytes(of: term * factor, as: SIMD8<Float>.self)
            if clearsLine { UnsafeMutableRawPointer(line + column).storeBytes(of: .zero, as: SIMD8<Float>.self) }
            column += 8
        }
        while column < columns {
            let term = termsGiven ? line[column] : VectorExp.exp(line[column] - shift)
            out[column] = term * (rowScale + (s.wantColumns ? columnWeight * scales[column] : 0))
            if clearsLine { line[column] = 0 }
            column += 1
        }
    }

    /// Turns one tile row of logits, or of exp(x - M) when `termsGiven`, into dL/dx, written to `out` (which
    /// may be `line`; `line` is cleared when `clearsLine`), and returns its sum (zero unless sums are wanted).
    @inline(__always)
    private func softmaxGradientRow(
        _ line: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>, row: Int, columnStart: Int,
        columns: Int, clearsLine: Bool, termsGiven: Bool, columnTotals: UnsafeMutablePointer<Float>
    ) -> Double {
        let s = sweep
        let rowShift = SIMD8<Float>(repeating: Float(s.rowLSE[row]))
        let rw = SIMD8<Float>(repeating: rowWeight)
        let cw = SIMD8<Float>(repeating: columnWeight)
        let columnLSE = s.columnLSEFloat + columnStart
        let vectorEnd = columns & ~7
        var total = SIMD8<Float>.zero
        var column = 0
        if let shift = s.fixedShift {
            fixedShiftRow(
                line, into: out, shift: shift, row: row, columnStart: columnStart, columns: columns,
                clearsLine: clearsLine, termsGiven: termsGiven)
            column = columns
        }
        while column < vectorEnd {
            let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
            var grad = rw * VectorExp.exp(value - rowShift)
            if s.wantColumns {
                let shift = UnsafeRawPointer(columnLSE + column).loadUnaligned(as: SIMD8<Float>.self)
                grad += cw * VectorExp.exp(value - shift)
            }
            UnsafeMutableRawPointer(out + column).storeBytes(of: grad, as: SIMD8<Float>.self)
            if clearsLine { UnsafeMutableRawPointer(line + column).storeBytes(of: .zero, as: SIMD8<Float>.self) }
            column += 8
        }
        while column < columns {
            var grad = rowWeight * VectorExp.exp(line[column] - rowShift[0])
            if s.wantColumns { grad += columnWeight * VectorExp.exp(line[column] - columnLSE[column]) }
            out[column] = grad
            if clearsLine { line[column] = 0 }
            column += 1
        }
        let diagonal = row - columnStart
        if diagonal >= 0 && diagonal < columns { out[diagonal] -= rowWeight + columnWeight }
        guard wantSums else { return 0 }
        column = 0
        while column < vectorEnd {
            let grad = UnsafeRawPointer(out + column).loadUnaligned(as: SIMD8<Float>.self)
            total += grad
            let sum = UnsafeRawPointer(columnTotals + column).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(columnTotals + column).storeBytes(of: sum + grad, as: SIMD8<Float>.self)
            column += 8
        }
        var rowTotal = Double(laneSum(total))
        while column < columns {
            rowTotal += Double(out[column])
            columnTotals[column] += out[column]
            column += 1
        }
        return rowTotal
    }
}

/// dL/dz for z = |z| u from dL/du: the tangential part divided by |z|.
@inline(__always)
private func projectBack(
    _ gradient: UnsafeMutablePointer<Float>, direction: UnsafeMutablePointer<Float>, norm: Float,
    scale: Float, into result: UnsafeMutablePointer<Float>, dim: Int
) {
    var radial: Float = 0
    for k in 0..<dim { radial += gradient[k] * direction[k] }
    let factor = scale / norm
    for k in 0..<dim { result[k] = factor * (gradient[k] - radial * direction[k]) }
}
