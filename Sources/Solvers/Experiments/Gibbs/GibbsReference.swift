import Foundation

/// The exact Gibbs density rho*(z) = exp(-U(z)/tau)/Z on S^2 integrated by product quadrature.
///
/// Each integral uses spherical coordinates around a chosen pole: Gauss-Legendre in cos(theta) over the
/// needed band and the trapezoid rule in phi (spectrally accurate for a periodic integrand). The whole
/// sphere is integrated around the first well; each cap in its own coordinates, so the indicator's edge
/// is a coordinate line and the integrands are smooth. The stated error is the change from `nodes` to
/// twice as many nodes in each direction.
public struct GibbsReference: Sendable {
    public let potential: TwoWellPotential
    public let tau: Double

    public init(potential: TwoWellPotential, tau: Double) {
        self.potential = potential
        self.tau = tau
    }

    /// Integral of the shifted Gibbs weight over the band cos(theta) in [lower, upper], phi in
    /// [phiStart, phiEnd) around `pole`.
    func integral(
        pole: SIMD3<Double>, lower: Double, upper: Double, phiStart: Double = 0,
        phiEnd: Double = 2 * Double.pi, nodes: Int
    ) -> Double {
        let (e1, e2) = Self.frame(pole)
        let rule = GaussLegendre(count: nodes, lower: lower, upper: upper)
        let phiCount = 2 * nodes
        let phiStep = (phiEnd - phiStart) / Double(phiCount)
        let periodic = abs(phiEnd - phiStart - 2 * Double.pi) < 1e-12
        var total = 0.0
        for (c, weight) in zip(rule.nodes, rule.weights) {
            let s = max(0, 1 - c * c).squareRoot()
            var ring = 0.0
            for index in 0..<phiCount {
                // Midpoints for a sector (second order), grid points for the full circle (spectral).
                let phi = phiStart + (Double(index) + (periodic ? 0 : 0.5)) * phiStep
                let z = c * pole + s * (cos(phi) * e1 + sin(phi) * e2)
                ring += exp(potential.logGibbs(z, tau: tau))
            }
            total += weight * ring * phiStep
        }
        return total
    }

    /// The Gibbs mass within geodesic radius `radius` of either well (caps assumed disjoint).
    public func capMass(radius: Double, nodes: Int = 96) -> Double {
        let whole = integral(pole: potential.well1, lower: -1, upper: 1, nodes: nodes)
        let caps = [potential.well1, potential.well2].map {
            integral(pole: $0, lower: cos(radius), upper: 1, nodes: nodes)
        }
        return caps.reduce(0, +) / whole
    }

    /// `capMass` and its estimated absolute error (the change when the nodes double).
    public func capMassWithError(radius: Double, nodes: Int = 96) -> (value: Double, error: Double) {
        let fine = capMass(radius: radius, nodes: 2 * nodes)
        return (fine, abs(fine - capMass(radius: radius, nodes: nodes)))
    }

    /// Gibbs probabilities of the equal-area cells used for the total-variation distance: `bands` bands
    /// of equal height in <z, well1> times `sectors` equal sectors in phi around well1.
    public func cellProbabilities(bands: Int, sectors: Int, nodes: Int = 24) -> [Double] {
        var cells: [Double] = []
        for band in 0..<bands {
            let lower = -1 + 2 * Double(band) / Double(bands)
            let upper = -1 + 2 * Double(band + 1) / Double(bands)
            for sector in 0..<sectors {
                let start = 2 * Double.pi * Double(sector) / Double(sectors)
                let end = 2 * Double.pi * Double(sector + 1) / Double(sectors)
                cells.append(
                    integral(
                        pole: potential.well1, lower: lower, upper: upper, phiStart: start,
                        phiEnd: end, nodes: nodes))
            }
        }
        let total = cells.reduce(0, +)
        return cells.map { $0 / total }
    }

    /// The cell index of z in the layout of `cellProbabilities`.
    public func cell(of z: SIMD3<Double>, bands: Int, sectors: Int) -> Int {
        let (e1, e2) = Self.frame(potential.well1)
        let c = (z * potential.well1).sum()
        let band = min(bands - 1, max(0, Int((c + 1) / 2 * Double(bands))))
        var phi = atan2((z * e2).sum(), (z * e1).sum())
        if phi < 0 { phi += 2 * Double.pi }
        let sector = min(sectors - 1, max(0, Int(phi / (2 * Double.pi) * Double(sectors))))
        return band * sectors + sector
    }

    /// Two unit vectors completing `pole` to a right-handed orthonormal frame.
    static func frame(_ pole: SIMD3<Double>) -> (SIMD3<Double>, SIMD3<Double>) {
        let helper: SIMD3<Double> = abs(pole.x) < 0.9 ? [1, 0, 0] : [0, 1, 0]
        var e1 = helper - (helper * pole).sum() * pole
        e1 /= (e1 * e1).sum().squareRoot()
        let e2 = SIMD3<Double>(
            pole.y * e1.z - pole.z * e1.y, pole.z * e1.x - pole.x * e1.z,
            pole.x * e1.y - pole.y * e1.x)
        return (e1, e2)
    }
}
