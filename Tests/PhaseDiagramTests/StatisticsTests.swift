import Foundation
import Testing
@testable import PhaseDiagram

private func close(_ actual: Double?, _ expected: Double, relative: Double = 1e-9) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= relative * max(abs(expected), 1e-300)
}

@Suite struct StudentTTests {
    // Reference values: scipy.stats.t.ppf(p, df), scipy 1.x.
    static let references: [(p: Double, df: Double, quantile: Double)] = [
        (0.975, 1, 12.706204736174694),
        (0.975, 2, 4.302652729749462),
        (0.975, 5, 2.5705818356363146),
        (0.975, 30, 2.0422724563012378),
        (0.975, 1000, 1.9623390808264083),
        (0.975, 100_000, 1.9599877075346095),
        (0.95, 3, 2.3533634348018233),
        (0.995, 7, 3.4994832973504924),
        (0.6, 4, 0.2707222947075976),
        (0.025, 10, -2.2281388519862753),
        (0.999, 2, 22.327124770119866),
        (0.9, 1.5, 2.1963984175655376),
    ]

    @Test(arguments: references.indices)
    func quantileMatchesScipy(index: Int) {
        let reference = Self.references[index]
        let quantile = Statistics.tQuantile(p: reference.p, df: reference.df)
        #expect(close(quantile, reference.quantile, relative: 1e-12), "p \(reference.p), df \(reference.df)")
    }

    @Test func quantileEdges() {
        #expect(Statistics.tQuantile(p: 0.5, df: 9) == 0)
        #expect(Statistics.tQuantile(p: 1, df: 3) == .infinity)
        #expect(Statistics.tQuantile(p: 0, df: 3) == -.infinity)
        #expect(Statistics.tQuantile(p: 0.9, df: 0).isNaN)
        #expect(Statistics.tQuantile(p: 1.5, df: 3).isNaN)
    }

    @Test func quantileInvertsCDF() {
        for df in [1.0, 3, 12.5, 200] {
            for p in [0.001, 0.2, 0.7, 0.99] {
                #expect(close(Statistics.tCDF(Statistics.tQuantile(p: p, df: df), df: df), p, relative: 1e-12))
            }
        }
    }

    @Test func cdfMatchesScipy() {
        // scipy.stats.t.cdf(-2.0, 3), t.cdf(1.5, 10), t.cdf(0.3, 1000.5)
        #expect(close(Statistics.tCDF(-2.0, df: 3), 0.06966298427942152))
        #expect(close(Statistics.tCDF(1.5, df: 10), 0.9177463367772799))
        #expect(close(Statistics.tCDF(0.3, df: 1000.5), 0.6178802634936338))
    }

    @Test func incompleteBetaMatchesScipy() {
        // scipy.special.betainc(a, b, x)
        #expect(close(Statistics.regularizedIncompleteBeta(x: 0.3, a: 2, b: 3), 0.34829999999999994))
        #expect(close(Statistics.regularizedIncompleteBeta(x: 0.9, a: 0.5, b: 0.5), 0.7951672353008665))
        #expect(close(Statistics.regularizedIncompleteBeta(x: 0.999, a: 500, b: 0.5), 0.31731044730971725))
        #expect(close(Statistics.regularizedIncompleteBeta(x: 0.2, a: 10, b: 20), 0.049263517304212585))
        #expect(close(Statistics.regularizedIncompleteBeta(x: 0.7, a: 30, b: 1), 2.2539340290692213e-05))
    }
}

@Suite struct DescriptiveStatisticsTests {
    struct Reference: Sendable {
        var values: [Double]
        var mean, sd, sem, ciLow, ciHigh, median, p25, p90: Double
    }

    // numpy/scipy: a.mean(), a.std(ddof=1), stats.sem(a), stats.t.interval(0.95, n-1, loc=mean, scale=sem),
    // np.median(a), np.percentile(a, 25), np.percentile(a, 90).
    static let references = [
        Reference(
            values: [2, 4, 4, 5, 7, 9], mean: 5.166666666666667, sd: 2.48327740429189,
            sem: 1.0137937550497034, ciLow: 2.5606268548543683, ciHigh: 7.772706478478966,
            median: 4.5, p25: 4.0, p90: 8.0),
        Reference(
            values: [0.31, 0.29, 0.35, 0.40, 0.27], mean: 0.324, sd: 0.05176871642217914,
            sem: 0.02315167380558045, ciLow: 0.2597206485853602, ciHigh: 0.3882793514146398,
            median: 0.31, p25: 0.29, p90: 0.38),
        Reference(
            values: [1e6 + 0.1, 1e6 + 0.2, 1e6 + 0.4], mean: 1000000.2333333333, sd: 0.15275252319313895,
            sem: 0.08819171038495333, ciLow: 999999.8538750298, ciHigh: 1000000.6127916367,
            median: 1000000.2, p25: 1000000.1499999999, p90: 1000000.36),
    ]

    @Test(arguments: references.indices)
    func cellStatisticsMatchNumpy(index: Int) {
        let reference = Self.references[index]
        let statistics = CellStatistics(values: reference.values)
        #expect(statistics.n == reference.values.count)
        #expect(close(statistics.mean, reference.mean))
        #expect(close(statistics.sd, reference.sd))
        #expect(close(statistics.sem, reference.sem))
        #expect(close(statistics.ciLow, reference.ciLow))
        #expect(close(statistics.ciHigh, reference.ciHigh))
        #expect(close(statistics.median, reference.median))
        #expect(statistics.min == reference.values.min())
        #expect(statistics.max == reference.values.max())
        let sorted = reference.values.sorted()
        #expect(close(Statistics.percentile(sorted: sorted, 0.25), reference.p25))
        #expect(close(Statistics.percentile(sorted: sorted, 0.90), reference.p90))
    }

    @Test func singleValueHasNoSpread() {
        let statistics = CellStatistics(values: [0.42])
        #expect(statistics.n == 1)
        #expect(statistics.mean == 0.42 && statistics.median == 0.42)
        #expect(statistics.sd == nil && statistics.sem == nil && statistics.ciLow == nil)
        #expect(statistics.medianCILow == nil && statistics.medianCIHigh == nil)
    }

    @Test func emptySampleHasNothing() {
        let statistics = CellStatistics(values: [])
        #expect(statistics.n == 0 && statistics.mean == nil && statistics.median == nil && statistics.min == nil)
        #expect(Statistics.percentile(sorted: [], 0.5) == nil)
    }
}

@Suite struct BootstrapTests {
    @Test func reproducibleFromSeed() {
        let sorted = (0..<101).map { Double($0 * $0) }
        let first = Statistics.bootstrapMedianInterval(sorted: sorted, seed: 7)
        let second = Statistics.bootstrapMedianInterval(sorted: sorted, seed: 7)
        #expect(first?.low == second?.low && first?.high == second?.high)
        let other = (0..<20).compactMap { Statistics.bootstrapMedianInterval(sorted: sorted, seed: UInt64($0)) }
        #expect(Set(other.map { [$0.low, $0.high] }).count > 1, "different seeds should give different intervals")
    }

    @Test(arguments: [2, 3, 4, 13, 20, 101, 1000])
    func bracketsTheMedian(count: Int) {
        var generator = WyRandom(seed: UInt64(count))
        let sorted = (0..<count).map { _ in generator.nextNormal() }.sorted()
        let median = Statistics.median(sorted: sorted)!
        let interval = Statistics.bootstrapMedianInterval(sorted: sorted, seed: 3)!
        #expect(interval.low <= median && median <= interval.high)
        #expect(interval.low >= sorted.first! && interval.high <= sorted.last!)
        #expect(interval.low < interval.high)
    }

    /// The rank-space sampler must agree with resampling the data itself.
    @Test(arguments: [25, 40])
    func agreesWithDirectResampling(count: Int) {
        let sorted = (0..<count).map { Double($0 * $0) }
        let resamples = 8000
        var generator = WyRandom(seed: 99)
        var medians: [Double] = []
        var resample = [Double](repeating: 0, count: count)
        for _ in 0..<resamples {
            for index in 0..<count { resample[index] = sorted[Int(generator.next() % UInt64(count))] }
            resample.sort()
            medians.append(Statistics.median(sorted: resample)!)
        }
        medians.sort()
        let direct = (Statistics.percentile(sorted: medians, 0.025)!, Statistics.percentile(sorted: medians, 0.975)!)
        let planned = Statistics.bootstrapMedianInterval(sorted: sorted, resamples: resamples, seed: 5)!
        // Bounds may differ by sampling noise: allow one order statistic either way.
        let step = Double(2 * count)
        #expect(abs(planned.low - direct.0) <= 1.5 * step, "low \(planned.low) vs \(direct.0)")
        #expect(abs(planned.high - direct.1) <= 1.5 * step, "high \(planned.high) vs \(direct.1)")
    }

    @Test func largeCellIntervalIsTightAroundTheMedian() {
        // 0, 1, ..., 199999: the median is 99999.5 and its sampling sd is about sqrt(n)/2 * (range/n) ~ 224.
        let sorted = (0..<200_000).map(Double.init)
        let interval = Statistics.bootstrapMedianInterval(sorted: sorted, seed: 1)!
        #expect(interval.low < 99_999.5 && interval.high > 99_999.5)
        #expect(interval.high - interval.low < 2_000)
    }
}
