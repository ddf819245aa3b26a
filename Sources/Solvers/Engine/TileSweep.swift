import COpenBLAS
import Foundation

/// The buffers and per-tile kernels of one engine evaluation.
///
/// Logits x_ij = alpha * <u_i, v_j> - rowOffset_i - columnOffset_j are formed one tile at a time by
/// sgemm and never stored whole. Row block b belongs to worker b % workers, so every sum has a fixed
/// order for a given worker count. Column statistics and the v-gradient are kept per worker and merged
/// in worker order.
struct TileSweep {
    let batch: Int
    let dim: Int
    let workers: Int
    let rowBlock: Int
    let columnBlock: Int
    let tileStride: Int
    let alpha: Float
    let u: UnsafeMutablePointer<Float>
    let v: UnsafeMutablePointer<Float>
    /// Per-row and per-column logit offsets (the RBF critic's norms), or nil for the cosine critic.
    let rowOffset: UnsafeMutablePointer<Float>?
    let columnOffset: UnsafeMutablePointer<Float>?
    let wantColumns: Bool
    /// An upper bound M of every logit whose range 2M fits Float32's exponent (the cosine critic at
    /// tau >= 0.025): then one exp(x - M) per element serves rows and columns and no maxima are needed.
    let fixedShift: Float?

    let rowMax: UnsafeMutablePointer<Double>
    let rowSum: UnsafeMutablePointer<Double>
    let columnMaxPart: UnsafeMutablePointer<Double>
    let columnSumPart: UnsafeMutablePointer<Double>
    let rowLSE: UnsafeMutablePointer<Double>
    let columnLSE: UnsafeMutablePointer<Double>
    let columnLSEFloat: UnsafeMutablePointer<Float>
    /// exp(M - columnLSE_j) for the fixed-shift path: the column softmax is exp(x - M) times this.
    let columnScale: UnsafeMutablePointer<Float>
    let tiles: UnsafeMutablePointer<Float>
    /// v transposed (dim x batch) for small dim, where a direct vector loop beats sgemm's packing.
    let transposedV: UnsafeMutablePointer<Float>?
    /// Whether the whole matrix is one tile on the fixed-shift path: pass 1 then leaves exp(x - M) in the
    /// tile and the gradient pass reuses it instead of recomputing.
    let keepsTile: Bool
    let scratch: UnsafeMutablePointer<Float>

    var rowBlockCount: Int { (batch + rowBlock - 1) / rowBlock }

    init(batch: Int, dim: Int, workers: Int, options: InfoNCEOptions, alpha: Float,
         u: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
         rowOffset: UnsafeMutablePointer<Float>?, columnOffset: UnsafeMutablePointer<Float>?, fixedShift: Float?) {
        self.batch = batch
        self.dim = dim
        self.workers = workers
        rowBlock = min(options.rowBlock, batch)
        columnBlock = min(options.columnBlock, batch)
        tileStride = (columnBlock + 7) & ~7
        self.alpha = alpha
        self.u = u
        self.v = v
        self.rowOffset = rowOffset
        self.columnOffset = columnOffset
        wantColumns = options.direction == .symmetric
        self.fixedShift = fixedShift
        let startMax = fixedShift.map(Double.init) ?? -.infinity
        rowMax = .allocate(capacity: batch)
        rowMax.initialize(repeating: startMax, count: batch)
        rowSum = .allocate(capacity: batch)
        rowSum.initialize(repeating: 0, count: batch)
        let parts = wantColumns ? workers * batch : 0
        columnMaxPart = .allocate(capacity: parts)
        columnMaxPart.initialize(repeating: startMax, count: parts)
        columnSumPart = .allocate(capacity: parts)
        columnSumPart.initialize(repeating: 0, count: parts)
        rowLSE = .allocate(capacity: batch)
        columnLSE = .allocate(capacity: batch)
        columnLSE.initialize(repeating: 0, count: batch)
        columnLSEFloat = .allocate(capacity: batch)
        columnLSEFloat.initialize(repeating: 0, count: batch)
        columnScale = .allocate(capacity: batch)
        columnScale.initialize(repeating: 0, count: batch)
        tiles = .allocate(capacity: workers * rowBlock * tileStride)
        scratch = .allocate(capacity: workers * 2 * tileStride)
        if dim <= 8 {
            let transposed = UnsafeMutablePointer<Float>.allocate(capacity: dim * batch)
            for row in 0..<batch {
                for k in 0..<dim { transposed[k * batch + row] = v[row * dim + k] }
            }
            transposedV = transposed
        } else {
            transposedV = nil
        }
        keepsTile = fixedShift != nil && rowBlock >= batch && columnBlock >= batch
    }

    func deallocate() {
        for pointer in [rowMax, rowSum, columnMaxPart, columnSumPart, rowLSE, columnLSE] { pointer.deallocate() }
        for pointer in [columnLSEFloat, columnScale, tiles, scratch] { pointer.deallocate() }
        transposedV?.deallocate()
    }

    /// The row blocks of worker `worker`, as (first row, row count).
    func rowBlocks(of worker: Int) -> [(Int, Int)] {
        stride(from: worker, to: rowBlockCount, by: workers).map { block in
            let start = block * rowBlock
            return (start, min(rowBlock, batch - start))
        }
    }

    /// The logits of rows rowStart..<rowStart+rows and columns columnStart..<columnStart+columns.
    func formTile(_ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columnStart: Int, columns: Int) {
        if let transposedV {
            formSmallTile(tile, transposedV: transposedV, rowStart: rowStart, rows: rows, columnStart: columnStart,
                          columns: columns)
            return
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(columns), Int32(dim), alpha,
                    u + rowStart * dim, Int32(dim), v + columnStart * dim, Int32(dim), 0, tile, Int32(tileStride))
        guard let rowOffset, let columnOffset else { return }
        for row in 0..<rows {
            let line = tile + row * tileStride
            let offset = rowOffset[rowStart + row]
            for column in 0..<columns { line[column] -= offset + columnOffset[columnStart + column] }
        }
    }

    /// `formTile` for dim <= 8: each row is a sum of dim scaled rows of v transposed, offsets included.
    private func formSmallTile(_ tile: UnsafeMutablePointer<Float>, transposedV: UnsafeMutablePointer<Float>,
                               rowStart: Int, rows: Int, columnStart: Int, columns: Int) {
        let vectorEnd = columns & ~7
        var coefficients = SIMD8<Float>.zero
        for row in 0..<rows {
            let line = tile + row * tileStride
            for k in 0..<dim { coefficients[k] = alpha * u[(rowStart + row) * dim + k] }
            let rowShift = SIMD8<Float>(repeating: rowOffset?[rowStart + row] ?? 0)
            var column = 0
            while column < vectorEnd {
                var value = SIMD8<Float>.zero - rowShift
                if let columnOffset {
                    value -= UnsafeRawPointer(columnOffset + columnStart + column).loadUnaligned(as: SIMD8<Float>.self)
                }
                for k in 0..<dim {
                    let source = transposedV + k * batch + columnStart + column
                    value += coefficients[k] * UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Float>.self)
                }
                UnsafeMutableRawPointer(line + column).storeBytes(of: value, as: SIMD8<Float>.self)
                column += 8
            }
            while column < columns {
                var value = -rowShift[0] - (columnOffset?[columnStart + column] ?? 0)
                for k in 0..<dim { value += coefficients[k] * transposedV[k * batch + columnStart + column] }
                line[column] = value
                column += 1
            }
        }
    }

    // MARK: - Pass 1: log-sum-exp statistics

    func statisticsPass(worker: Int) {
        let tile = tiles + worker * rowBlock * tileStride
        let columnShift = scratch + worker * 2 * tileStride
        let columnAccumulator = columnShift + tileStride
        let columnMax = columnMaxPart + worker * batch
        let columnSum = columnSumPart + worker * batch
        for (rowStart, rows) in rowBlocks(of: worker) {
            for columnStart in stride(from: 0, to: batch, by: columnBlock) {
                let columns = min(columnBlock, batch - columnStart)
                formTile(tile, rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns)
                if let fixedShift {
                    if wantColumns { columnAccumulator.update(repeating: 0, count: columns) }
                    accumulateShiftedSums(tile, shift: fixedShift, rowStart: rowStart, rows: rows, columns: columns,
                                          columnAccumulator: columnAccumulator)
                    if wantColumns {
                        for column in 0..<columns {
                            columnSum[columnStart + column] += Double(columnAccumulator[column])
                        }
                    }
                    continue
                }
                updateRowMaxima(tile, rowStart: rowStart, rows: rows, columns: columns)
                if wantColumns {
                    columnMaxima(tile, rows: rows, columns: columns, into: columnShift)
                    for column in 0..<columns {
                        let index = columnStart + column
                        let tileMax = Double(columnShift[column])
                        if tileMax > columnMax[index] {
                            columnSum[index] *= Foundation.exp(columnMax[index] - tileMax)
                            columnMax[index] = tileMax
                        }
                        columnShift[column] = Float(columnMax[index])
                        columnAccumulator[column] = 0
                    }
                }
                accumulateSums(tile, rowStart: rowStart, rows: rows, columns: columns,
                               columnShift: columnShift, columnAccumulator: columnAccumulator)
                if wantColumns {
                    for column in 0..<columns { columnSum[columnStart + column] += Double(columnAccumulator[column]) }
                }
            }
        }
    }

    private func updateRowMaxima(_ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columns: Int) {
        let vectorEnd = columns & ~7
        for row in 0..<rows {
            let line = tile + row * tileStride
            var best = SIMD8<Float>(repeating: -.infinity)
            var column = 0
            while column < vectorEnd {
                best = pointwiseMax(best, UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self))
                column += 8
            }
            var tileMax = best.max()
            while column < columns {
                tileMax = max(tileMax, line[column])
                column += 1
            }
            let index = rowStart + row
            let newMax = Double(tileMax)
            if newMax > rowMax[index] {
                rowSum[index] *= Foundation.exp(rowMax[index] - newMax)
                rowMax[index] = newMax
            }
        }
    }

    private func columnMaxima(_ tile: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
                              into result: UnsafeMutablePointer<Float>) {
        result.update(repeating: -.infinity, count: columns)
        let vectorEnd = columns & ~7
        for row in 0..<rows {
            let line = tile + row * tileStride
            var column = 0
            while column < vectorEnd {
                let current = UnsafeRawPointer(result + column).loadUnaligned(as: SIMD8<Float>.self)
                let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(result + column).storeBytes(of: pointwiseMax(current, value),
                                                                    as: SIMD8<Float>.self)
                column += 8
            }
            while column < columns {
                result[column] = max(result[column], line[column])
                column += 1
            }
        }
    }

    /// Adds exp(x - rowMax) to each row's sum and, when columns are wanted, exp(x - columnShift) to
    /// `columnAccumulator`.
    private func accumulateSums(_ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columns: Int,
                                columnShift: UnsafeMutablePointer<Float>,
                                columnAccumulator: UnsafeMutablePointer<Float>) {
        let vectorEnd = columns & ~7
        for row in 0..<rows {
            let line = tile + row * tileStride
            let shift = SIMD8<Float>(repeating: Float(rowMax[rowStart + row]))
            var total = SIMD8<Float>.zero
            var column = 0
            while column < vectorEnd {
                let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
                total += VectorExp.exp(value - shift)
                if wantColumns {
                    let cshift = UnsafeRawPointer(columnShift + column).loadUnaligned(as: SIMD8<Float>.self)
                    let sum = UnsafeRawPointer(columnAccumulator + column).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(columnAccumulator + column)
                        .storeBytes(of: sum + VectorExp.exp(value - cshift), as: SIMD8<Float>.self)
                }
                column += 8
            }
            var rowTotal = Double(total.sum())
            while column < columns {
                rowTotal += Double(VectorExp.exp(line[column] - shift[0]))
                if wantColumns { columnAccumulator[column] += VectorExp.exp(line[column] - columnShift[column]) }
                column += 1
            }
            rowSum[rowStart + row] += rowTotal
        }
    }

    /// The fixed-shift form of `accumulateSums`: one exp(x - M) per element feeds both sums.
    private func accumulateShiftedSums(_ tile: UnsafeMutablePointer<Float>, shift: Float, rowStart: Int, rows: Int,
                                       columns: Int, columnAccumulator: UnsafeMutablePointer<Float>) {
        let vectorEnd = columns & ~7
        let shiftVector = SIMD8<Float>(repeating: shift)
        for row in 0..<rows {
            let line = tile + row * tileStride
            var total = SIMD8<Float>.zero
            var column = 0
            while column < vectorEnd {
                let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
                let term = VectorExp.exp(value - shiftVector)
                total += term
                if keepsTile { UnsafeMutableRawPointer(line + column).storeBytes(of: term, as: SIMD8<Float>.self) }
                if wantColumns {
                    let sum = UnsafeRawPointer(columnAccumulator + column).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(columnAccumulator + column)
                        .storeBytes(of: sum + term, as: SIMD8<Float>.self)
                }
                column += 8
            }
            var rowTotal = Double(total.sum())
            while column < columns {
                let term = VectorExp.exp(line[column] - shift)
                if keepsTile { line[column] = term }
                rowTotal += Double(term)
                if wantColumns { columnAccumulator[column] += term }
                column += 1
            }
            rowSum[rowStart + row] += rowTotal
        }
    }

    /// Turns the running maxima and sums into log-sum-exps, merging the workers' column parts in order.
    func finishStatistics() {
        for row in 0..<batch { rowLSE[row] = rowMax[row] + Foundation.log(rowSum[row]) }
        guard wantColumns else { return }
        for column in 0..<batch {
            var best = -Double.infinity
            for worker in 0..<workers { best = max(best, columnMaxPart[worker * batch + column]) }
            var total = 0.0
            for worker in 0..<workers {
                let index = worker * batch + column
                total += columnSumPart[index] * Foundation.exp(columnMaxPart[index] - best)
            }
            columnLSE[column] = best + Foundation.log(total)
            columnLSEFloat[column] = Float(columnLSE[column])
            if let fixedShift { columnScale[column] = Float(Foundation.exp(Double(fixedShift) - columnLSE[column])) }
        }
    }
}

@inline(__always)
func pointwiseMax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .> a)
}
