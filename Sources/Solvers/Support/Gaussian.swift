import SweepModel
import Foundation

/// Standard normal draws (Box-Muller) and related samplers on a seeded generator.
public enum Gaussian {
    public static func sample<G: RandomNumberGenerator>(_ generator: inout G) -> Double {
        let first = Double(generator.next() >> 11) * 0x1.0p-53
        let second = Double(generator.next() >> 11) * 0x1.0p-53
        return (-2 * log(1 - first)).squareRoot() * cos(2 * Double.pi * second)
    }

    /// Two independent standard normal draws from one Box-Muller transform.
    public static func pair<G: RandomNumberGenerator>(_ generator: inout G) -> (Double, Double) {
        let first = Double(generator.next() >> 11) * 0x1.0p-53
        let second = Double(generator.next() >> 11) * 0x1.0p-53
        let radius = (-2 * log(1 - first)).squareRoot()
        let angle = 2 * Double.pi * second
        return (radius * cos(angle), radius * sin(angle))
    }

    /// A von Mises draw with mean `mean` and concentration `kappa` (Best and Fisher's rejection method).
    public static func vonMises(_ generator: inout SplitMix64, mean: Double, kappa: Double) -> Double {
        if kappa < 1e-8 { return (generator.nextUnit() * 2 - 1) * Double.pi }
        let tau = 1 + (1 + 4 * kappa * kappa).squareRoot()
        let rho = (tau - (2 * tau).squareRoot()) / (2 * kappa)
        let r = (1 + rho * rho) / (2 * rho)
        while true {
            let u1 = generator.nextUnit()
            let z = cos(Double.pi * u1)
            let f = (1 + r * z) / (r + z)
            let c = kappa * (r - f)
            let u2 = generator.nextUnit()
            if c * (2 - c) - u2 > 0 || log(c / max(u2, 1e-300)) + 1 - c >= 0 {
                let u3 = generator.nextUnit()
                let angle = u3 > 0.5 ? acos(f) : -acos(f)
                return wrapAngle(mean + angle)
            }
        }
    }
}

/// The angle in [-pi, pi).
public func wrapAngle(_ angle: Double) -> Double {
    var result = angle.truncatingRemainder(dividingBy: 2 * Double.pi)
    if result >= Double.pi { result -= 2 * Double.pi }
    if result < -Double.pi { result += 2 * Double.pi }
    return result
}
