import PhaseDiagram
import Query
import SweepModel
import Testing

@Suite("Refinement planning")
struct RefinementPlannerTests {
    static let file = """
        name: r
        experiment: noop
        params: {duration_ms: 1}
        grid:
          a: {linspace: [0, 1], num: 5}
          b: {linspace: [0, 1], num: 5}
          regime: [unimodal, multimodal]
        seeds: 3
        exclude:
          - {a: 0.125, b: 0, seed: 2}
        refine: {metric: value, threshold: 0.5, where: {regime: multimodal}}

        """

    func spec(_ text: String = file) throws -> SweepSpec {
        try SweepSpecParser(file: "r.yaml").parse(text)
    }

    /// The cells of a step at a = 0.3 + 0.4 b (value 0 or 1 plus 0.01 per seed) on the given points.
    func table(_ planner: RefinementPlanner, points: [(Double, Double)], seeds: Int = 3) -> PhaseTable {
        let spec = planner.spec
        var observations: [Observation] = []
        for (a, b) in points {
            for seed in 0..<seeds {
                let value = (a > 0.3 + 0.4 * b ? 1.0 : 0.0) + Double(seed) * 0.01
                observations.append(Observation(x: .number(a), y: .number(b), value: value))
            }
        }
        let axes = spec.grid
        return PhaseTable.build(
            observations: observations, query: PhaseQuery(x: axes[0], y: axes[1], metric: "value"))
    }

    var grid: [(Double, Double)] {
        (0..<5).flatMap { b in (0..<5).map { a in (Double(a) / 4, Double(b) / 4) } }
    }

    @Test func midpointsGoBetweenNeighboursOnEitherSideAndKeyAsAFinerGrid() throws {
        let planner = try #require(try RefinementPlanner(spec: spec()))
        #expect(planner.loader.x == "a" && planner.loader.y == "b" && planner.loader.facet == nil)
        let groups = planner.plan(table(planner, points: grid))
        let points = groups.map { group in
            "\(group[0].parameters["a"]!)/\(group[0].parameters["b"]!)"
        }
        // Along a, each row crosses once: at b = 0 between 0.25 and 0.5, at b = 1 between 0.5 and 0.75 ...
        #expect(points.prefix(5) == ["0.375/0", "0.375/0.25", "0.625/0.5", "0.625/0.75", "0.625/1"])
        // ... and along b, only the column a = 0.5 crosses (at b = 0.5, 0.5 is not above 0.3 + 0.2).
        #expect(Array(points.dropFirst(5)) == ["0.5/0.375"])
        #expect(groups.allSatisfy { $0.allSatisfy { $0.parameters["regime"] == .string("multimodal") } })
        #expect(groups.allSatisfy { $0.count == 3 } && Set(groups[0].map { $0.parameters["seed"]! }).count == 3)

        let finer = try spec(
            Self.file.replacingOccurrences(of: "num: 5", with: "num: 9").replacingOccurrences(
                of: "refine: {metric: value, threshold: 0.5, where: {regime: multimodal}}", with: ""))
        let keys = Set(finer.expand().map(\.key))
        #expect(groups.joined().allSatisfy { keys.contains($0.key) })
    }

    @Test func excludedPointsAndExistingCellsAreNotProposed() throws {
        var text = Self.file.replacingOccurrences(of: "a: 0.125", with: "a: 0.375")
        text = text.replacingOccurrences(of: "seed: 2", with: "seed: 1")
        let planner = try #require(try RefinementPlanner(spec: spec(text)))
        let groups = planner.plan(table(planner, points: grid + [(0.375, 0)]))
        let row = groups.filter { $0[0].parameters["b"] == .number(0) }
        // 0.375 is there, already above the step at 0.3: the next split is between 0.25 and 0.375.
        #expect(row.map { $0[0].parameters["a"]! } == [.number(0.3125)])
        let excluded = planner.plan(table(planner, points: grid)).first { $0[0].parameters["b"] == .number(0) }
        #expect(excluded?.map { $0.parameters["seed"]! } == [.number(0), .number(2)])
    }

    @Test func wideIntervalsGetTwiceTheSeedsUpToTheMost() throws {
        let text = Self.file.replacingOccurrences(
            of: "where: {regime: multimodal}}",
            with: "where: {regime: multimodal}, seeds_until: {ci_halfwidth: 0.001, max_seeds: 5}}")
        let planner = try #require(try RefinementPlanner(spec: spec(text)))
        let groups = planner.plan(table(planner, points: [(0, 0), (0.25, 0)]))
        #expect(groups.count == 2)
        // Seeds 0 to 4: the three the cells have add nothing (the store keeps one task per key).
        #expect(groups.allSatisfy { $0.map { $0.parameters["seed"]! } == (0..<5).map { .number(Double($0)) } })
        let enough = planner.plan(table(planner, points: [(0, 0), (0.25, 0)], seeds: 5))
        #expect(enough.isEmpty)
    }

    @Test func theOtherAxesThatVarySplitTheCells() throws {
        let text = Self.file.replacingOccurrences(of: "where: {regime: multimodal}", with: "where: {degenerate: 0}")
        let planner = try #require(try RefinementPlanner(spec: spec(text)))
        #expect(planner.loader.facet == "regime" && planner.loader.y == "b")
        let one = try #require(
            try RefinementPlanner(spec: spec(text.replacingOccurrences(of: "0.5,", with: "0.5, axes: [a],"))))
        #expect(one.loader.x == "a" && one.loader.y == "b" && one.loader.facet == "regime")
        let rows = one.plan(table(one, points: grid))
        #expect(rows.count == 5 && rows.allSatisfy { $0[0].parameters["b"] != nil })
    }
}
