import Foundation

/// The authors' two-well alignment potential on S^2 (NOTES.md, B):
/// `U(z) = -(1/k) log(w exp(k <z,m1>) + (1-w) exp(k <z,m2>))`.
public struct TwoWellPotential: Sendable {
    public var kappa: Double
    public var weight: Double
    public var well1: SIMD3<Double>
    public var well2: SIMD3<Double>

    public init(
        kappa: Double = 12, weight: Double = 0.5, well1: SIMD3<Double> = [0, 0, 1],
        well2: SIMD3<Double> = TwoWellPotential.normalised([0.85, 0.15, -0.5])
    ) {
        self.kappa = kappa
        self.weight = weight
        self.well1 = well1
        self.well2 = well2
    }

    public static func normalised(_ v: SIMD3<Double>) -> SIMD3<Double> {
        v / (v * v).sum().squareRoot()
    }

    /// U(z) for a unit vector z.
    public func value(_ z: SIMD3<Double>) -> Double {
        let (a, b) = (kappa * (z * well1).sum() + log(weight), kappa * (z * well2).sum() + log(1 - weight))
        let top = max(a, b)
        return -(top + log(exp(a - top) + exp(b - top))) / kappa
    }

    /// The Euclidean gradient of U at z (before projection onto the sphere).
    public func gradient(_ z: SIMD3<Double>) -> SIMD3<Double> {
        let (a, b) = (kappa * (z * well1).sum() + log(weight), kappa * (z * well2).sum() + log(1 - weight))
        let share1 = 1 / (1 + exp(b - a))
        return -(share1 * well1 + (1 - share1) * well2)
    }

    /// -U(z)/tau - 1/tau: the log of the unnormalised Gibbs density, shifted so that it is at most 0.
    public func logGibbs(_ z: SIMD3<Double>, tau: Double) -> Double {
        -value(z) / tau - 1 / tau
    }

    /// Whether z lies within geodesic distance `radius` of either well.
    public func inCaps(_ z: SIMD3<Double>, radius: Double) -> Bool {
        let threshold = cos(radius)
        return (z * well1).sum() >= threshold || (z * well2).sum() >= threshold
    }
}
