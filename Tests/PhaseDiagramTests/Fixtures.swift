import PhaseDiagram
import SweepModel

/// Small sweeps shaped like the paper's: tau (log-spaced) × sigma × regime, a few seeds.
enum Fixtures {
    static let tau = Axis(name: "tau", values: SweepSpecParser.logspace(0.1, 10, 5), spacing: .log)
    static let sigma = Axis(name: "sigma", values: [0.3, 0.1, 0.2].map(ParamValue.number), spacing: .list)
    static let regime = Axis(name: "regime", values: [.string("unimodal"), .string("multimodal")])

    /// Every (tau, sigma, regime) point with `seeds` finished seeds, except where `skip` says so; the
    /// value is a deterministic function of the point and the seed.
    static func observations(
        seeds: Int = 4, skip: (ParamValue, ParamValue, ParamValue) -> TaskState? = { _, _, _ in nil }
    ) -> [Observation] {
        var result: [Observation] = []
        for regime in regime.values {
            for sigma in sigma.values {
                for tau in tau.values {
                    for seed in 0..<seeds {
                        let value =
                            (tau.doubleValue ?? 0) * 0.1 + (sigma.doubleValue ?? 0) + Double(seed) * 0.01
                            + (regime == .string("multimodal") ? 1 : 0)
                        let state = skip(tau, sigma, regime) ?? .done
                        result.append(
                            Observation(
                                x: tau, y: sigma, facet: regime, value: state == .done ? value : nil,
                                reference: state == .done ? value + 0.5 : nil, state: state))
                    }
                }
            }
        }
        return result
    }

    static func table(
        _ observations: [Observation], y: Axis? = sigma, facet: Axis? = regime,
        statistic: SummaryStatistic = .median
    ) -> PhaseTable {
        PhaseTable.build(
            observations: observations,
            query: PhaseQuery(
                x: tau, y: y, facet: facet, metric: "cap_mass", reference: "cap_mass_gibbs", statistic: statistic))
    }
}
