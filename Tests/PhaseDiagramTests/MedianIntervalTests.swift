import Foundation
import PhaseDiagram
import SweepModel
import Testing

/// The distribution-free median interval: ranks and coverage from the binomial distribution of ranks.
@Suite("Order-statistic median intervals")
struct MedianIntervalTests {
    /// (n, lower rank, coverage) at 95%, from scipy 1.17.1: the largest rank l with
    /// `binom.cdf(l - 1, n, 0.5) <= 0.025` (else 1), and `1 - 2 * binom.cdf(l - 1, n, 0.5)`.
    static let scipy: [(n: Int, rank: Int, coverage: Double)] = [
        (2, 1, 0.5), (3, 1, 0.75), (4, 1, 0.875), (5, 1, 0.9375), (6, 1, 0.96875), (7, 1, 0.984375),
        (8, 1, 0.9921875), (9, 2, 0.9609375), (10, 2, 0.978515625), (11, 2, 0.98828125), (12, 3, 0.96142578125),
        (13, 3, 0.9775390625), (14, 3, 0.987060546875), (15, 4, 0.96484375), (16, 4, 0.978729248047),
        (17, 5, 0.950958251953), (18, 5, 0.969116210938), (19, 5, 0.98078918457), (20, 6, 0.958610534668),
        (30, 10, 0.957226054743), (50, 18, 0.967160862436), (100, 40, 0.964799799782),
        (720, 334, 0.951829099212), (5000, 2431, 0.950684141896),
    ]

    @Test(arguments: scipy.indices)
    func ranksAndCoverageAreScipysBinomialOnes(index: Int) {
        let (n, rank, coverage) = Self.scipy[index]
        // Values 1...n in a scrambled order: the interval's ends are then their ranks.
        let values = (0..<n).map { Double(($0 * 7919) % n + 1) }
        #expect(Set(values).count == n)
        let statistics = CellStatistics(values: values)
        #expect(statistics.medianCILow == Double(rank))
        #expect(statistics.medianCIHigh == Double(n + 1 - rank))
        #expect(abs((statistics.medianCICoverage ?? -1) - coverage) < 1e-9)
    }

    @Test func theBootstrapRemainsOnRequestWithoutAClaimedCoverage() {
        let values = (1...10).map(Double.init)
        let bootstrap = CellStatistics(values: values, medianInterval: .bootstrap)
        #expect(bootstrap.medianCICoverage == nil)
        #expect(bootstrap.medianCILow != nil && bootstrap.medianCIHigh != nil)
        #expect(CellStatistics(values: [4]).medianCILow == nil)
    }

    @Test func tablesAndExportsSayWhenTheCoverageFallsShort() throws {
        let axis = Axis(name: "sigma", values: [.number(0), .number(1)])
        let observations =
            (1...5).map { Observation(x: .number(0), value: Double($0)) }
            + (1...10).map { Observation(x: .number(1), value: Double($0)) }
        let table = PhaseTable.build(observations: observations, query: PhaseQuery(x: axis, metric: "gap"))
        let text = table.terminalTable(color: false)
        #expect(text.contains("[1, 5] (93.8%)"))
        #expect(text.contains("[2, 9]") && !text.contains("[2, 9] ("))
        #expect(text.contains("95% order-statistic CI of the median; (p%): the coverage of a cell"))
        let cells = try #require(
            try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [[String: Any]])
        #expect(cells.map { $0["median_ci_coverage"] as? Double } == [0.9375, 0.978515625])
        #expect(table.csv().split(separator: "\n").first?.contains("median_ci_coverage") == true)
    }
}
