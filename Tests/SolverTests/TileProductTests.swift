import SweepModel
import Testing
@testable import Solvers

/// The tile products of every compiled copy this CPU runs (sgemm, or the AVX-512 register blocks) against a
/// Float64 reference, on every layout of A and on sizes that leave ragged edges and span several depth passes.
@Suite("Tile products")
struct TileProductTests {
    static let sizes = [(8, 32, 16), (1, 1, 1), (7, 31, 5), (19, 45, 300), (64, 96, 513), (128, 64, 256)]

    /// How A lies in memory: row-major, transposed, or one row with both strides 1 (the engine's u^T G at d=1).
    enum Layout: CaseIterable {
        case rowMajor, transposed, unitStrides
    }

    @Test("C += alpha A B matches Float64 and touches nothing outside C", arguments: InstructionSet.supported)
    func matchesReference(instructionSet: InstructionSet) {
        let cases =
            Self.sizes.flatMap { size in [Layout.rowMajor, .transposed].map { (size, $0) } }
            + [((1, 45, 19), .unitStrides), ((1, 3, 600), .unitStrides)]
        for ((rows, columns, depth), layout) in cases {
            let error = Self.check(
                instructionSet.tileProduct, rows: rows, columns: columns, depth: depth, layout: layout)
            #expect(error < 1e-6, "\(instructionSet) \(rows)x\(columns)x\(depth) \(layout)")
        }
    }

    /// The largest error relative to the sum of the products' magnitudes; a change outside C counts as 1.
    static func check(_ product: TileProductFunction, rows: Int, columns: Int, depth: Int, layout: Layout) -> Double {
        // Padded strides and a guard row, so that a read or write past an edge lands on known values.
        let (aRowStride, aDepthStride) =
            switch layout {
            case .rowMajor: (depth + 5, 1)
            case .transposed: (1, rows + 3)
            case .unitStrides: (1, 1)
            }
        let aCount = layout == .rowMajor ? rows * aRowStride : depth * aDepthStride + rows
        let (bStride, cStride) = (columns + 7, columns + 9)
        var generator = SplitMix64(seed: UInt64(rows * 1_000_003 + columns * 1009 + depth))
        let a = (0..<aCount).map { _ in Float.random(in: -0.5..<0.5, using: &generator) }
        let b = (0..<depth * bStride).map { _ in Float.random(in: -0.5..<0.5, using: &generator) }
        let c = (0..<(rows + 1) * cStride).map { _ in Float.random(in: 0..<1, using: &generator) }
        let alpha: Float = 1.75
        var result = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { target in
                    product(
                        rows, columns, depth, alpha, a.baseAddress!, aRowStride, aDepthStride, b.baseAddress!,
                        bStride, target.baseAddress!, cStride)
                }
            }
        }
        var worst = 0.0
        for row in 0...rows {
            for column in 0..<cStride {
                let index = row * cStride + column
                guard row < rows, column < columns else {
                    if result[index] != c[index] { worst = 1 }
                    continue
                }
                var sum = 0.0
                var magnitude = abs(Double(c[index]))
                for step in 0..<depth {
                    let term =
                        Double(alpha) * Double(a[row * aRowStride + step * aDepthStride])
                        * Double(b[step * bStride + column])
                    sum += term
                    magnitude += abs(term)
                }
                worst = max(worst, abs(Double(result[index]) - (Double(c[index]) + sum)) / magnitude)
            }
        }
        return worst
    }
}
