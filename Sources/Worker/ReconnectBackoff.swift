/// Pauses between attempts to reach the coordinator: from 0.1 s, doubling up to 5 s, each varied by ±20%
/// so that many workers do not retry in step.
struct ReconnectBackoff {
    static let first = 0.1
    static let longest = 5.0

    private var base = Self.first

    init() {}

    mutating func next() -> Double {
        defer { base = min(base * 2, Self.longest) }
        return base * Double.random(in: 0.8...1.2)
    }
}
