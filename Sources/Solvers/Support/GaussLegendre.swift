import Foundation

/// Gauss-Legendre quadrature nodes and weights on an interval.
public struct GaussLegendre: Sendable {
    public let nodes: [Double]
    public let weights: [Double]

    /// The `count`-point rule on [lower, upper], from Newton's method on the Legendre polynomial.
    public init(count: Int, lower: Double = -1, upper: Double = 1) {
        var nodes = [Double](repeating: 0, count: count)
        var weights = [Double](repeating: 0, count: count)
        let (half, middle) = ((upper - lower) / 2, (upper + lower) / 2)
        for index in 0..<((count + 1) / 2) {
            var x = cos(Double.pi * (Double(index) + 0.75) / (Double(count) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var (p0, p1) = (1.0, x)
                for order in 2...max(2, count) where count >= 2 {
                    (p0, p1) = (p1, ((2 * Double(order) - 1) * x * p1 - (Double(order) - 1) * p0) / Double(order))
                }
                if count == 1 { (p0, p1) = (1, x) }
                derivative = Double(count) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if abs(step) < 1e-15 { break }
            }
            let weight = 2 / ((1 - x * x) * derivative * derivative)
            nodes[index] = middle - half * x
            nodes[count - 1 - index] = middle + half * x
            weights[index] = half * weight
            weights[count - 1 - index] = half * weight
        }
        self.nodes = nodes
        self.weights = weights
    }
}
