import Foundation

/// The Adam optimiser (Kingma and Ba) over a flat parameter vector.
public struct Adam: Sendable {
    public var learningRate: Double
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    private var first: [Double]
    private var second: [Double]
    private var step = 0

    public init(count: Int, learningRate: Double) {
        self.learningRate = learningRate
        first = [Double](repeating: 0, count: count)
        second = [Double](repeating: 0, count: count)
    }

    /// Moves `parameters` one step against `gradient`.
    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        step += 1
        let correction1 = 1 - pow(beta1, Double(step))
        let correction2 = 1 - pow(beta2, Double(step))
        for index in parameters.indices {
            let g = gradient[index]
            first[index] = beta1 * first[index] + (1 - beta1) * g
            second[index] = beta2 * second[index] + (1 - beta2) * g * g
            let mean = first[index] / correction1
            let variance = second[index] / correction2
            parameters[index] -= learningRate * mean / (variance.squareRoot() + epsilon)
        }
    }
}
