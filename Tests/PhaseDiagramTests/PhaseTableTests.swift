import Testing
import PhaseDiagram
import SweepModel

@Suite struct PhaseTableTests {
    @Test func groupsEveryCombination() {
        let table = Fixtures.table(Fixtures.observations(seeds: 4))
        #expect(table.cells.count == 5 * 3 * 2)
        #expect(table.cells.allSatisfy { $0.statistics.n == 4 && $0.statistics.tasks == 4 })
        let cell = table.cell(x: 0, y: 0, facet: 1)
        #expect(cell.x == .number(0.1) && cell.y == .number(0.1) && cell.facet == .string("multimodal"))
        // values 0.01 + 0.1 + 1 + {0, .01, .02, .03}
        #expect(abs(cell.statistics.median! - 1.125) < 1e-12)
        #expect(abs(cell.statistics.referenceMean! - 1.625) < 1e-12)
    }

    @Test func numericAxesAscendAndOthersKeepTheirOrder() {
        let table = Fixtures.table(Fixtures.observations(seeds: 1))
        #expect(table.y?.values == [0.1, 0.2, 0.3].map(ParamValue.number))
        #expect(table.x.values.map(\.doubleValue!) == [0.1, 0.316227766017, 1, 3.16227766017, 10])
        #expect(table.facet?.values == [.string("unimodal"), .string("multimodal")])
        #expect(table.x.spacing == .log && table.x.isLogarithmic)
        #expect(table.rowsTopDown == [2, 1, 0])
    }

    @Test func logScaleForLogSpacingAndWideListedAxes() {
        let listed = Axis(name: "tau", values: [10, 5, 2.5, 1, 0.5, 0.2, 0.1].map(ParamValue.number))
        #expect(PhaseAxis(listed).isLogarithmic)
        #expect(PhaseAxis(listed).values.first == .number(0.1))
        #expect(!PhaseAxis(Fixtures.sigma).isLogarithmic)
        #expect(!PhaseAxis(Axis(name: "s", values: [0, 1, 100].map(ParamValue.number))).isLogarithmic)
        #expect(!PhaseAxis(Axis(name: "t", values: [0.1, 10].map(ParamValue.number), spacing: .linear)).isLogarithmic)
        #expect(PhaseAxis(Fixtures.tau).labels == ["0.1", "0.316", "1", "3.16", "10"])
    }

    @Test func partialResultsLeaveMissingCells() {
        let observations =
            Fixtures.observations(seeds: 3) { tau, sigma, _ in
                if tau == .number(10) { return .pending }
                if sigma == .number(0.3), tau == .number(0.1) { return .running }
                return nil
            } + [
                Observation(x: .number(1), y: .number(0.2), facet: .string("unimodal"), state: .failed),
                Observation(x: .number(1), y: .number(0.2), facet: .string("unimodal"), value: 9, degenerate: true),
            ]
        let table = Fixtures.table(observations)
        let pending = table.cell(x: 4, y: 1, facet: 0).statistics
        #expect(pending.n == 0 && pending.pending == 3 && pending.median == nil && pending.tasks == 3)
        let running = table.cell(x: 0, y: 2, facet: 1).statistics
        #expect(running.n == 0 && running.running == 3)
        let mixed = table.cell(x: 2, y: 1, facet: 0).statistics
        #expect(mixed.n == 4 && mixed.failed == 1 && mixed.degenerate == 1 && mixed.tasks == 5 && mixed.max == 9)
        #expect(table.totals.pending == 2 * 3 * 3)
    }

    @Test func onlyPendingTasksStillGiveAFullGrid() throws {
        let observations = Fixtures.observations(seeds: 2) { _, _, _ in .pending }
        let table = Fixtures.table(observations)
        #expect(table.cells.count == 30 && table.valueRange == nil)
        #expect(table.cells.allSatisfy { $0.statistics.pending == 2 && $0.statistics.mean == nil })
        // Both renderings still draw every cell, each marked as waiting for its two pending tasks.
        let svg = try #require(XMLSummary.parse(table.svg()))
        #expect(svg.count("rect", classContaining: "cell") == 30)
        #expect(svg.count("rect", classContaining: "missing") == 30)
        #expect(svg.count("g", classContaining: "panel") == 2)
        let text = table.terminalTable(color: false, width: 200)
        #expect(text.components(separatedBy: "·2p").count - 1 == 30, "\(text)")
        #expect(text.contains("regime = unimodal") && text.contains("regime = multimodal"))
    }

    @Test func valuesOutsideTheSweepAxisAreAdded() {
        var observations = Fixtures.observations(seeds: 1)
        observations.append(Observation(x: .number(0.05), y: .number(0.2), facet: .string("unimodal"), value: 1))
        let table = Fixtures.table(observations)
        #expect(table.x.values.first == .number(0.05) && table.cells.count == 6 * 3 * 2)
    }

    @Test func mediansAreRobustToACollapsedSeed() {
        let observations = [0.1, 0.12, 0.11, 50].map { Observation(x: .number(1), value: $0) }
        let axis = Axis(name: "sigma", values: [.number(1)])
        let median = PhaseTable.build(observations: observations, query: PhaseQuery(x: axis, metric: "kl"))
        let mean = PhaseTable.build(
            observations: observations,
            query: PhaseQuery(x: axis, metric: "kl", statistic: .mean))
        #expect(median.valueRange!.low < 0.2 && mean.valueRange!.low > 10)
    }

    @Test func resolvesNamesAndExplainsMistakes() throws {
        let axes = [Fixtures.tau, Fixtures.sigma, Fixtures.regime, Axis(name: "k", values: [.number(12)])]
        let metrics = ["cap_mass", "cap_mass_gibbs", "alignment"]
        let query = try PhaseQuery.resolve(
            x: "tau", y: "sigma", facet: "regime", metric: "cap_mass", axes: axes,
            metrics: metrics)
        #expect(query.reference == "cap_mass_gibbs" && query.y?.name == "sigma")
        #expect(throws: PhaseQueryError.unknownAxis(name: "beta", available: ["tau", "sigma", "regime", "k"])) {
            try PhaseQuery.resolve(x: "beta", metric: "cap_mass", axes: axes, metrics: metrics)
        }
        #expect(
            throws: PhaseQueryError.unknownMetric(
                name: "gap",
                available: [
                    "alignment", "cap_mass",
                    "cap_mass_gibbs",
                ])
        ) {
            try PhaseQuery.resolve(x: "tau", metric: "gap", axes: axes, metrics: metrics)
        }
        #expect(throws: PhaseQueryError.axisDoesNotVary(name: "k", value: "12")) {
            try PhaseQuery.resolve(x: "tau", y: "k", metric: "cap_mass", axes: axes, metrics: metrics)
        }
        #expect(throws: PhaseQueryError.axisRepeated(name: "tau")) {
            try PhaseQuery.resolve(x: "tau", y: "tau", metric: "cap_mass", axes: axes, metrics: metrics)
        }
        let message = PhaseQueryError.unknownAxis(name: "beta", available: ["tau", "sigma"]).description
        #expect(message.contains("beta") && message.contains("tau, sigma"))
    }

    @Test func axesOffTheDiagramMustBeFixedOrPooledExplicitly() throws {
        let axes = [Fixtures.tau, Fixtures.sigma, Fixtures.regime, Axis(name: "k", values: [.number(12)])]
        let metrics = ["cap_mass"]
        let refusal = PhaseQueryError.axesNeitherFixedNorPooled(axes: ["regime": "unimodal", "sigma": "0.3"])
        #expect(throws: refusal) {
            try PhaseQuery.resolve(x: "tau", metric: "cap_mass", axes: axes, metrics: metrics)
        }
        let message = refusal.description
        #expect(message.contains("regime, sigma"))
        #expect(message.contains("--where regime=unimodal --where sigma=0.3"))
        #expect(message.contains("--pool regime --pool sigma"))
        let query = try PhaseQuery.resolve(
            x: "tau", y: "sigma", metric: "cap_mass", axes: axes, metrics: metrics, pooled: ["regime"])
        #expect(query.pooled == ["regime"])
        #expect(throws: PhaseQueryError.pooledAxisShown(name: "sigma")) {
            try PhaseQuery.resolve(
                x: "tau", y: "sigma", metric: "cap_mass", axes: axes, metrics: metrics, pooled: ["regime", "sigma"])
        }
        #expect(throws: PhaseQueryError.unknownAxis(name: "beta", available: ["tau", "sigma", "regime", "k"])) {
            try PhaseQuery.resolve(
                x: "tau", y: "sigma", metric: "cap_mass", axes: axes, metrics: metrics, pooled: ["beta"])
        }
    }

    @Test func largeCellsKeepEveryValue() {
        // Speed is measured by benchmarks/phase_query.py, not here; this checks the counts at scale.
        let tau = Axis(name: "tau", values: (0..<20).map { .number(Double($0)) })
        let sigma = Axis(name: "sigma", values: (0..<20).map { .number(Double($0) / 10) })
        var observations: [Observation] = []
        for x in tau.values {
            for y in sigma.values {
                for seed in 0..<250 {
                    observations.append(Observation(x: x, y: y, value: Double(seed % 37) * 0.1))
                }
            }
        }
        let table = PhaseTable.build(observations: observations, query: PhaseQuery(x: tau, y: sigma, metric: "m"))
        #expect(table.cells.count == 400)
        #expect(table.cells.allSatisfy { $0.statistics.n == 250 })
        // numpy.median([(s % 37) * 0.1 for s in range(250)]) = 1.7
        #expect(abs((table.cells.first?.statistics.median ?? 0) - 1.7) < 1e-12)
    }
}
