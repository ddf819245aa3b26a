import SweepModel
import Foundation

/// The gradient-consistency setup (NOTES.md, A): Gaussian-mixture data, a linear encoder, anchors with
/// noisy positives and a shared pool of negatives; the gradient of the finite-N InfoNCE with respect to
/// the encoder, for the first N negatives of the pool. With `freshNegatives` the pool is drawn from a second
/// mixture whose component means are drawn anew, after the anchors and positives.
struct ConsistencySetup {
    var critic: Critic
    var tau: Double
    var rbfScale: Double
    /// Inputs stacked as anchors, positives, then the pool.
    var inputs: DenseMatrix
    var weights: DenseMatrix
    var anchors: Int
    var pool: Int

    init(
        critic: Critic, tau: Double, rbfScale: Double, noise: Double, inputDim: Int, outputDim: Int, anchors: Int,
        pool: Int, components: Int, meanScale: Double, freshNegatives: Bool = false, generator: inout SplitMix64
    ) {
        self.critic = critic
        self.tau = tau
        self.rbfScale = rbfScale
        self.anchors = anchors
        self.pool = pool
        func drawMeans() -> [[Double]] {
            (0..<components).map { _ in
                let direction = (0..<inputDim).map { _ in Gaussian.sample(&generator) }
                let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return direction.map { meanScale * $0 / norm }
            }
        }
        let means = drawMeans()
        weights = DenseMatrix(
            rows: outputDim, columns: inputDim,
            values: (0..<(outputDim * inputDim)).map { _ in
                Gaussian.sample(&generator) / Double(inputDim).squareRoot()
            })
        func draw(from means: [[Double]]) -> [Double] {
            let mean = means[Int(generator.next() % UInt64(components))]
            return mean.map { $0 + Gaussian.sample(&generator) }
        }
        let anchorRows = (0..<anchors).map { _ in draw(from: means) }
        let positiveRows = anchorRows.map { row in row.map { $0 + noise * Gaussian.sample(&generator) } }
        let poolMeans = freshNegatives ? drawMeans() : means
        let poolRows = (0..<pool).map { _ in draw(from: poolMeans) }
        inputs = DenseMatrix(
            rows: 2 * anchors + pool, columns: inputDim,
            values: (anchorRows + positiveRows + poolRows).flatMap { $0 })
    }

    /// The loss with the first `negatives` pool points and its gradient with respect to the weights.
    func lossAndGradient(negatives: Int) -> (Double, DenseMatrix) {
        let used = 2 * anchors + negatives
        let x = inputs.rowSlice(0..<used)
        let h = x.times(weights, transposeOther: true)
        let dim = weights.rows
        var z = h
        var norms = [Double](repeating: 1, count: used)
        for row in 0..<used {
            switch critic {
            case .cosine:
                var squared = 0.0
                for k in 0..<dim { squared += h[row, k] * h[row, k] }
                norms[row] = max(squared.squareRoot(), 1e-300)
                for k in 0..<dim { z[row, k] = h[row, k] / norms[row] }
            case .rbf:
                for k in 0..<dim { z[row, k] = tanh(h[row, k]) }
            }
        }
        let za = z.rowSlice(0..<anchors)
        let zp = z.rowSlice(anchors..<(2 * anchors))
        let zw = z.rowSlice((2 * anchors)..<used)
        let dots = za.times(zw, transposeOther: true)
        let squaredNorms = (0..<used).map { row in (0..<dim).reduce(0.0) { $0 + z[row, $1] * z[row, $1] } }
        func similarity(_ dot: Double, _ a: Int, _ b: Int) -> Double {
            critic == .cosine ? dot : -(squaredNorms[a] + squaredNorms[b] - 2 * dot) / rbfScale
        }
        // dL/ds for the negatives (anchors x negatives) and the positives.
        var gradNegative = DenseMatrix(rows: anchors, columns: negatives)
        var gradPositive = [Double](repeating: 0, count: anchors)
        var loss = 0.0
        for a in 0..<anchors {
            var positiveDot = 0.0
            for k in 0..<dim { positiveDot += za[a, k] * zp[a, k] }
            let positive = similarity(positiveDot, a, anchors + a) / tau
            var logits = [positive]
            for j in 0..<negatives { logits.append(similarity(dots[a, j], a, 2 * anchors + j) / tau) }
            let top = logits.max()!
            let total = logits.reduce(0) { $0 + exp($1 - top) }
            loss += top + log(total) - positive
            let scale = 1 / (Double(anchors) * tau)
            gradPositive[a] = (exp(positive - top) / total - 1) * scale
            for j in 0..<negatives { gradNegative[a, j] = exp(logits[j + 1] - top) / total * scale }
        }
        var gradZ = DenseMatrix(rows: used, columns: dim)
        let pulled = gradNegative.times(zw)
        let pushed = gradNegative.times(za, transposeSelf: true)
        for a in 0..<anchors {
            let rowSum = (0..<negatives).reduce(0.0) { $0 + gradNegative[a, $1] }
            for k in 0..<dim {
                switch critic {
                case .cosine:
                    gradZ[a, k] = pulled[a, k] + gradPositive[a] * zp[a, k]
                    gradZ[anchors + a, k] = gradPositive[a] * za[a, k]
                case .rbf:
                    let factor = -2 / rbfScale
                    gradZ[a, k] =
                        factor
                        * ((rowSum + gradPositive[a]) * za[a, k] - pulled[a, k]
                            - gradPositive[a] * zp[a, k])
                    gradZ[anchors + a, k] = factor * gradPositive[a] * (zp[a, k] - za[a, k])
                }
            }
        }
        for j in 0..<negatives {
            let columnSum = (0..<anchors).reduce(0.0) { $0 + gradNegative[$1, j] }
            for k in 0..<dim {
                gradZ[2 * anchors + j, k] =
                    critic == .cosine
                    ? pushed[j, k]
                    : -2 / rbfScale * (columnSum * zw[j, k] - pushed[j, k])
            }
        }
        var gradH = gradZ
        for row in 0..<used {
            switch critic {
            case .cosine:
                var radial = 0.0
                for k in 0..<dim { radial += gradZ[row, k] * z[row, k] }
                for k in 0..<dim { gradH[row, k] = (gradZ[row, k] - radial * z[row, k]) / norms[row] }
            case .rbf:
                for k in 0..<dim { gradH[row, k] = gradZ[row, k] * (1 - z[row, k] * z[row, k]) }
            }
        }
        return (loss / Double(anchors), gradH.times(x, transposeSelf: true))
    }
}
