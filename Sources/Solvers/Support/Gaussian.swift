import SweepModel
import Foundation

/// Standard normal draws (Marsaglia's polar method) and related samplers on a seeded generator.
public enum Gaussian {
    public static func sample<G: RandomNumberGenerator>(_ generator: inout G) -> Double {
        pair(&generator).0
    }

    /// Two independent standard normal draws from one accepted point of the polar method: a uniform point in
    /// the unit disc, scaled by sqrt(-2 ln s / s) with s its squared radius (one log and no trigonometry).
    public static func pair<G: RandomNumberGenerator>(_ generator: inout G) -> (Double, Double) {
        while true {
            let x = Double(generator.next() >> 11) * 0x1.0p-52 - 1
            let y = Double(generator.next() >> 11) * 0x1.0p-52 - 1
            let squared = x * x + y * y
            guard squared < 1, squared > 0 else { continue }
            let scale = (-2 * log(squared) / squared).squareRoot()
            return (x * scale, y * scale)
        }
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
