import COpenBLAS

/// A row-major Float64 matrix with the few BLAS products the small experiments need.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]? = nil) {
        self.rows = rows
        self.columns = columns
        self.values = values ?? [Double](repeating: 0, count: rows * columns)
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// self * other^T when `transposeOther`, else self * other (dgemm).
    public func times(_ other: DenseMatrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> DenseMatrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let n = transposeOther ? other.rows : other.columns
        precondition(k == (transposeOther ? other.columns : other.rows), "inner dimensions differ")
        var result = DenseMatrix(rows: m, columns: n)
        cblas_dgemm(
            CblasRowMajor, transposeSelf ? CblasTrans : CblasNoTrans,
            transposeOther ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, values, Int32(columns), other.values, Int32(other.columns), 0,
            &result.values, Int32(n))
        return result
    }

    /// The rows in `range` as a matrix.
    public func rowSlice(_ range: Range<Int>) -> DenseMatrix {
        DenseMatrix(
            rows: range.count, columns: columns,
            values: Array(values[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }
}
