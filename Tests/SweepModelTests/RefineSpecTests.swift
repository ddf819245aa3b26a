import Testing
@testable import SweepModel

@Suite("Refinement in sweep files")
struct RefineSpecTests {
    let parser = SweepSpecParser(file: "sweeps/test.yaml")
    static let base = """
        name: r
        experiment: noop
        grid:
          regime: [unimodal, multimodal]
          sigma: {linspace: [0, 0.7], num: 8}
          tau: {logspace: [0.02, 0.5], num: 5}
        seeds: 3

        """

    @Test func readsTheBlockWithItsDefaults() throws {
        let spec = try parser.parse(
            Self.base
                + """
                refine:
                  metric: symkl_laplace
                  threshold: 0.05
                  where: {degenerate: 0, final_loss: "<5"}
                  max_tasks: 2000
                  seeds_until: {ci_halfwidth: 0.01, max_seeds: 40}
                """)
        let refine = try #require(spec.refine)
        #expect(refine.metric == "symkl_laplace" && refine.threshold == 0.05)
        #expect(refine.axes == ["sigma", "tau"] && refine.rounds == 4 && refine.maxTasks == 2000)
        #expect(refine.conditions == ["degenerate=0", "final_loss<5"])
        #expect(refine.seedsUntil == RefineSpec.SeedsUntil(ciHalfwidth: 0.01, maxSeeds: 40))
        let named = try parser.parse(Self.base + "refine: {metric: m, threshold: 1, axes: [tau, sigma], rounds: 2}\n")
        #expect(named.refine?.axes == ["tau", "sigma"] && named.refine?.rounds == 2)
    }

    @Test func refusesWhatCannotBeRefined() {
        let cases: [(String, String, String)] = [
            ("refine: {threshold: 1}", "refine.metric", "missing"),
            ("refine: {metric: m}", "refine.threshold", "missing"),
            ("refine: {metric: m, threshold: 1, axes: [regime]}", "refine.axes", "all numbers"),
            ("refine: {metric: m, threshold: 1, axes: [beta]}", "refine.axes", "not an axis"),
            ("refine: {metric: m, threshold: 1, rounds: 0}", "refine.rounds", "from 1 to 20"),
            (
                "refine: {metric: m, threshold: 1, seeds_until: {max_seeds: 2, ci_halfwidth: 1}}",
                "refine.seeds_until.max_seeds", "from the sweep's 3 seeds"
            ),
            ("refine: {metric: m, threshold: 1, colour: red}", "refine.colour", "unknown key"),
            ("refine: {metric: m, threshold: 1, where: {tau: 0.02}}", "refine.where.tau", "which is refined"),
        ]
        for (block, field, message) in cases {
            let refused = #expect(throws: SweepSpecError.self, "\(block)") { try parser.parse(Self.base + block) }
            #expect(refused?.field == field, "\(block)")
            #expect(refused?.message.contains(message) == true, "\(block): \(refused?.message ?? "")")
            #expect(refused?.location.line ?? 0 >= 8, "\(block)")
        }
    }

    @Test func atMostThreeAxesVaryUnlessWhereFixesThem() throws {
        let wider = Self.base.replacingOccurrences(of: "seeds: 3", with: "  k: [1, 2]\nseeds: 3")
        let refused = #expect(throws: SweepSpecError.self) {
            try parser.parse(wider + "refine: {metric: m, threshold: 1, axes: [sigma]}")
        }
        #expect(refused?.message.contains("at most 2 axes may vary") == true, "\(refused?.message ?? "")")
        #expect(refused?.message.contains("regime, tau, k vary") == true, "\(refused?.message ?? "")")
        let fixed = try parser.parse(wider + "refine: {metric: m, threshold: 1, axes: [sigma], where: {k: 2}}")
        #expect(fixed.refine?.conditions == ["k=2"])
    }

    @Test func midpointsAreTheValuesOfAFinerGrid() {
        for (kind, num) in [("linspace", 5), ("logspace", 5), ("linspace", 8)] {
            let (start, stop) = kind == "linspace" ? (0.0, num == 8 ? 0.7 : 1.0) : (0.02, 0.5)
            func grid(_ count: Int) -> Axis {
                kind == "linspace"
                    ? Axis(name: "v", values: SweepSpecParser.linspace(start, stop, count), spacing: .linear)
                    : Axis(name: "v", values: SweepSpecParser.logspace(start, stop, count), spacing: .log)
            }
            let axis = grid(num)
            var values = axis.values.map { $0.doubleValue! }
            for round in 1...6 {
                values =
                    zip(values, values.dropFirst()).flatMap { low, high in
                        [low, axis.midpoint(between: low, and: high).doubleValue!]
                    } + [values.last!]
                let finer = grid((num - 1) << round + 1).values.map { $0.doubleValue! }
                #expect(values == finer, "\(kind) \(num) after \(round) rounds")
            }
        }
        let listed = Axis(name: "v", values: [0.1, 0.4].map(ParamValue.number))
        #expect(listed.midpoint(between: 0.1, and: 0.4) == .number(0.25))
        let logListed = Axis(name: "v", values: [1, 100].map(ParamValue.number), spacing: .log)
        #expect(logListed.midpoint(between: 1, and: 100) == .number(10))
    }

    @Test func aRefinedPointHasTheKeyOfAFinerGridsPoint() throws {
        let coarse = try parser.parse("name: c\nexperiment: noop\ngrid: {tau: {logspace: [0.02, 0.5], num: 5}}\n")
        let fine = try parser.parse("name: f\nexperiment: noop\ngrid: {tau: {logspace: [0.02, 0.5], num: 9}}\n")
        let taus = coarse.grid[0].values.map { $0.doubleValue! }
        let middle = coarse.grid[0].midpoint(between: taus[1], and: taus[2])
        let refined = TaskSpec(
            experiment: "noop", version: coarse.experimentVersion,
            parameters: Parameters(["tau": middle, "seed": .number(0)]))
        #expect(fine.expand().contains { $0.key == refined.key })
    }
}
