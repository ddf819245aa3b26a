import Foundation
import PhaseDiagram
import SweepModel
import Testing

/// The proportion of runs with a nonzero value (the collapse probability of `degenerate`) and its exact
/// binomial interval.
@Suite("Proportions")
struct ProportionTests {
    /// (successes, trials, low, high) at 95% from scipy 1.17.1: `beta.ppf(0.025, k, n - k + 1)` and
    /// `beta.ppf(0.975, k + 1, n - k)`, 0 and 1 at the ends.
    static let scipy: [(k: Int, n: Int, low: Double, high: Double)] = [
        (0, 10, 0, 0.3084971078), (3, 10, 0.06673951118, 0.6524528501), (10, 10, 0.6915028922, 1),
        (1, 5, 0.005050763379, 0.7164179361), (7, 20, 0.1539092048, 0.5921885345),
        (50, 100, 0.3983211295, 0.6016788705),
    ]

    @Test(arguments: scipy.indices)
    func clopperPearsonMatchesScipy(index: Int) {
        let (k, n, low, high) = Self.scipy[index]
        let values = (0..<n).map { $0 < k ? 1.0 : 0.0 }
        let statistics = CellStatistics(values: values)
        #expect(statistics.proportion == Double(k) / Double(n))
        #expect(abs((statistics.proportionCILow ?? -1) - low) < 1e-8)
        #expect(abs((statistics.proportionCIHigh ?? -1) - high) < 1e-8)
        #expect(
            statistics.interval(of: .proportion).map { ($0.low, $0.high) } ?? (-1, -1) == (
                statistics.proportionCILow!, statistics.proportionCIHigh!
            ))
    }

    @Test func aDiagramOfTheCollapseProbabilityLabelsItsInterval() throws {
        let axis = Axis(name: "sigma", values: [.number(0), .number(1)])
        let observations = (0..<10).flatMap { seed in
            [
                Observation(x: .number(0), value: 0),
                Observation(x: .number(1), value: seed < 3 ? 1 : 0),
            ]
        }
        let table = PhaseTable.build(
            observations: observations, query: PhaseQuery(x: axis, metric: "degenerate", statistic: .proportion))
        let text = table.terminalTable(color: false)
        #expect(text.contains("degenerate (proportion)"))
        #expect(text.contains("95% Clopper-Pearson CI of the proportion"))
        #expect(text.contains("[0.0667, 0.652]"))
        let cells = try #require(
            try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [[String: Any]])
        #expect(cells.map { $0["proportion"] as? Double } == [0, 0.3])
    }
}
