/// An exponential moving average that weighs each new sample by a fifth.
public struct MovingAverage: Sendable, Hashable {
    /// The average so far; nil before the first sample.
    public private(set) var value: Double?

    public init() {}

    public mutating func add(_ sample: Double) {
        value = value.map { 0.8 * $0 + 0.2 * sample } ?? sample
    }
}
