import Foundation
import InfoNCETiles

/// The per-tile kernels of `TileSweep`: forming logits and the log-sum-exp statistics pass.
///
/// Logits x_ij = alpha * <u_i, v_j> - rowOffset_i - columnOffset_j are formed one tile at a time by a
/// tile product (`TileProduct`); the whole matrix is stored only as kept tiles (`keptTiles`), within the
/// engine's memory budget.
/// Row block b belongs to worker b % workers, so every sum has a fixed order for a given worker count.
/// Column statistics and the v-gradient are kept per worker and merged in worker order.
extension TileSweep {
    /// The logits of rows rowStart..<rowStart+rows and columns columnStart..<columnStart+columns. The
    /// product adds them to the tile, which must be clear: the passes that consume a tile clear it (`clearsTiles`).
    func formTile(_ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columnStart: Int, columns: Int) {
        if hasSmallDimension {
            formSmallTile(tile, rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns)
            return
        }
        TileProduct.add(
            rows: rows, columns: columns, depth: dim, alpha: alpha, a: u + rowStart * dim, aRowStride: dim,
            aDepthStride: 1, b: transposedV + columnStart, bStride: transposedStride, c: tile, cStride: tileStride)
        guard let rowOffset, let columnOffset else { return }
        for row in 0..<rows {
            let line = tile + row * tileStride
            let offset = rowOffset[rowStart + row]
            for column in 0..<columns { line[column] -= offset + columnOffset[columnStart + column] }
        }
    }

    /// `formTile` for dim <= 8: each row is a sum of dim scaled rows of v transposed, offsets included.
    private func formSmallTile(
        _ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columnStart: Int, columns: Int
    ) {
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
                    let source = transposedV + k * transposedStride + columnStart + column
                    value += coefficients[k] * UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Float>.self)
                }
                UnsafeMutableRawPointer(line + column).storeBytes(of: value, as: SIMD8<Float>.self)
                column += 8
            }
            while column < columns {
                var value = -rowShift[0] - (columnOffset?[columnStart + column] ?? 0)
                for k in 0..<dim {
                    value += coefficients[k] * transposedV[k * transposedStride + columnStart + column]
                }
                line[column] = value
                column += 1
            }
        }
    }

    // MARK: - Pass 1: log-sum-exp statistics

    func statisticsPass(worker: Int) {
        let tile = tile(of: worker)
        let columnShift = scratch + worker * 2 * tileStride
        let columnAccumulator = columnShift + tileStride
        let columnMax = columnMaxPart + worker * batch
        let columnSum = columnSumPart + worker * batch
        forEachRowBlock(of: worker) { rowStart, rows in
            var columnStart = 0
            while columnStart < batch {
                defer { columnStart += columnBlock }
                let columns = min(columnBlock, batch - columnStart)
                formTile(tile, rowStart: rowStart, rows: rows, columnStart: columnStart, columns: columns)
                let kept = keptTiles == nil ? nil : keptTile(rowStart: rowStart, columnStart: columnStart)
                if let fixedShift {
                    if wantColumns { columnAccumulator.update(repeating: 0, count: columns) }
                    accumulateShiftedSums(
                        tile, shift: fixedShift, rowStart: rowStart, rows: rows, columns: columns,
                        columnAccumulator: columnAccumulator, keep: kept)
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
                accumulateSums(
                    tile, rowStart: rowStart, rows: rows, columns: columns,
                    columnShift: columnShift, columnAccumulator: columnAccumulator, keep: kept)
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
                best = largerLanes(best, UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self))
                column += 8
            }
            var tileMax = laneMax(best)
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

    private func columnMaxima(
        _ tile: UnsafeMutablePointer<Float>, rows: Int, columns: Int,
        into result: UnsafeMutablePointer<Float>
    ) {
        result.update(repeating: -.infinity, count: columns)
        let vectorEnd = columns & ~7
        for row in 0..<rows {
            let line = tile + row * tileStride
            var column = 0
            while column < vectorEnd {
                let current = UnsafeRawPointer(result + column).loadUnaligned(as: SIMD8<Float>.self)
                let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(result + column).storeBytes(
                    of: largerLanes(current, value),
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
    /// `columnAccumulator`; copies the logits to `keep` when given.
    private func accumulateSums(
        _ tile: UnsafeMutablePointer<Float>, rowStart: Int, rows: Int, columns: Int,
        columnShift: UnsafeMutablePointer<Float>,
        columnAccumulator: UnsafeMutablePointer<Float>, keep: UnsafeMutablePointer<Float>?
    ) {
        let clears = clearsTiles
        let vectorEnd = columns & ~7
        for row in 0..<rows {
            let line = tile + row * tileStride
            let keptLine = keep.map { $0 + row * tileStride }
            let shift = SIMD8<Float>(repeating: Float(rowMax[rowStart + row]))
            var total = SIMD8<Float>.zero
            var column = 0
            while column < vectorEnd {
                let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
                if clears { UnsafeMutableRawPointer(line + column).storeBytes(of: .zero, as: SIMD8<Float>.self) }
                if let keptLine {
                    UnsafeMutableRawPointer(keptLine + column).storeBytes(of: value, as: SIMD8<Float>.self)
                }
                total += VectorExp.exp(value - shift)
                if wantColumns {
                    let cshift = UnsafeRawPointer(columnShift + column).loadUnaligned(as: SIMD8<Float>.self)
                    let sum = UnsafeRawPointer(columnAccumulator + column).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(columnAccumulator + column)
                        .storeBytes(of: sum + VectorExp.exp(value - cshift), as: SIMD8<Float>.self)
                }
                column += 8
            }
            var rowTotal = Double(laneSum(total))
            while column < columns {
                rowTotal += Double(VectorExp.exp(line[column] - shift[0]))
                if wantColumns { columnAccumulator[column] += VectorExp.exp(line[column] - columnShift[column]) }
                if let keptLine { keptLine[column] = line[column] }
                if clears { line[column] = 0 }
                column += 1
            }
            rowSum[rowStart + row] += rowTotal
        }
    }

    /// The fixed-shift form of `accumulateSums`: one exp(x - M) per element feeds both sums, and is copied to
    /// `keep` when given.
    private func accumulateShiftedSums(
        _ tile: UnsafeMutablePointer<Float>, shift: Float, rowStart: Int, rows: Int,
        columns: Int, columnAccumulator: UnsafeMutablePointer<Float>, keep: UnsafeMutablePointer<Float>?
    ) {
        let clears = clearsTiles
        let vectorEnd = columns & ~7
        let shiftVector = SIMD8<Float>(repeating: shift)
        for row in 0..<rows {
            let line = tile + row * tileStride
            let keptLine = keep.map { $0 + row * tileStride }
            var total = SIMD8<Float>.zero
            var column = 0
            while column < vectorEnd {
                let value = UnsafeRawPointer(line + column).loadUnaligned(as: SIMD8<Float>.self)
                let term = VectorExp.expInRange(value - shiftVector)
                total += term
                if keepsTile { UnsafeMutableRawPointer(line + column).storeBytes(of: term, as: SIMD8<Float>.self) }
                if clears { UnsafeMutableRawPointer(line + column).storeBytes(of: .zero, as: SIMD8<Float>.self) }
                if let keptLine {
                    UnsafeMutableRawPointer(keptLine + column).storeBytes(of: term, as: SIMD8<Float>.self)
                }
                if wantColumns {
                    let sum = UnsafeRawPointer(columnAccumulator + column).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(columnAccumulator + column)
                        .storeBytes(of: sum + term, as: SIMD8<Float>.self)
                }
                column += 8
            }
            var rowTotal = Double(laneSum(total))
            while column < columns {
                let term = VectorExp.exp(line[column] - shift)
                if keepsTile { line[column] = term }
                if clears { line[column] = 0 }
                if let keptLine { keptLine[column] = term }
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
