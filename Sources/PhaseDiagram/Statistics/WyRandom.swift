import Foundation

/// A small, fast, seedable generator (wyrand) with the few continuous laws the bootstrap needs.
struct WyRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }

    /// Uniform on the open interval (0, 1).
    mutating func nextOpenUnit() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// Standard normal, by the Marsaglia polar method.
    mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextOpenUnit() - 1
            let v = 2 * nextOpenUnit() - 1
            let radius = u * u + v * v
            if radius > 0, radius < 1 { return u * (-2 * log(radius) / radius).squareRoot() }
        }
    }

    /// Gamma(shape, 1) for shape >= 1, by Marsaglia and Tsang's squeeze-and-reject method.
    mutating func nextGamma(shape: Double) -> Double {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let normal = nextNormal()
            let base = 1 + c * normal
            guard base > 0 else { continue }
            let cube = base * base * base
            let uniform = nextOpenUnit()
            let square = normal * normal
            if uniform < 1 - 0.0331 * square * square { return d * cube }
            if log(uniform) < 0.5 * square + d * (1 - cube + log(cube)) { return d * cube }
        }
    }

    /// Beta(a, b) for a, b >= 1.
    mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        let x = nextGamma(shape: a)
        return x / (x + nextGamma(shape: b))
    }
}
