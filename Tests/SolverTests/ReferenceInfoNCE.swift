import SweepModel
import Foundation
@testable import Solvers

/// A plain Float64 InfoNCE on the whole similarity matrix: the slow, obvious reference the engine is
/// checked against.
enum ReferenceInfoNCE {
    static func loss(_ z1: [Double], _ z2: [Double], batch: Int, dim: Int, options: InfoNCEOptions) -> Double {
        func row(_ z: [Double], _ i: Int) -> [Double] { Array(z[(i * dim)..<((i + 1) * dim)]) }
        func prepared(_ x: [Double]) -> [Double] {
            guard options.critic == .cosine else { return x }
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return x.map { $0 / norm }
        }
        let a = (0..<batch).map { prepared(row(z1, $0)) }
        let b = (0..<batch).map { prepared(row(z2, $0)) }
        var logits = [[Double]](repeating: [Double](repeating: 0, count: batch), count: batch)
        for i in 0..<batch {
            for j in 0..<batch {
                let similarity: Double
                switch options.critic {
                case .cosine: similarity = zip(a[i], b[j]).reduce(0) { $0 + $1.0 * $1.1 }
                case .rbf:
                    let squared = zip(a[i], b[j]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                    similarity = -squared / options.rbfScale
                }
                logits[i][j] = similarity / options.tau
            }
        }
        func logSumExp(_ values: [Double]) -> Double {
            let top = values.max()!
            return top + log(values.reduce(0) { $0 + exp($1 - top) })
        }
        let rows = (0..<batch).map { logSumExp(logits[$0]) - logits[$0][$0] }.reduce(0, +) / Double(batch)
        guard options.direction == .symmetric else { return rows }
        let columns =
            (0..<batch).map { j in logSumExp((0..<batch).map { logits[$0][j] }) - logits[j][j] }
            .reduce(0, +) / Double(batch)
        return 0.5 * (rows + columns)
    }

    /// Central finite differences of `loss` with respect to every coordinate of z1, then z2.
    static func numericGradient(
        _ z1: [Double], _ z2: [Double], batch: Int, dim: Int,
        options: InfoNCEOptions, step: Double = 1e-6
    ) -> ([Double], [Double]) {
        func differences(_ first: Bool) -> [Double] {
            (0..<(batch * dim)).map { index in
                var plus = first ? z1 : z2
                var minus = plus
                plus[index] += step
                minus[index] -= step
                let up =
                    first
                    ? loss(plus, z2, batch: batch, dim: dim, options: options)
                    : loss(z1, plus, batch: batch, dim: dim, options: options)
                let down =
                    first
                    ? loss(minus, z2, batch: batch, dim: dim, options: options)
                    : loss(z1, minus, batch: batch, dim: dim, options: options)
                return (up - down) / (2 * step)
            }
        }
        return (differences(true), differences(false))
    }

    /// Gaussian test data rounded to Float, so the engine and the reference see the same numbers.
    static func randomBatch(batch: Int, dim: Int, seed: UInt64, scale: Double = 1) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<(batch * dim)).map { _ in Float(scale * Gaussian.sample(&generator)) }
    }
}

/// |a - b| / |b| over whole vectors; infinite when the lengths differ or both are empty, so a short or
/// missing vector can never pass as close.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count, !b.isEmpty else { return .infinity }
    let difference = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    let size = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return difference / max(size, 1e-300)
}
