import Testing
@testable import SweepModel

@Suite("Sweep files")
struct SweepSpecParserTests {
    let parser = SweepSpecParser(file: "sweeps/test.yaml")

    static let example = """
        name: noop-demo
        experiment: noop
        params: {duration_ms: 5}
        grid:
          a: [1, 2, 3]
          tau: {logspace: [0.01, 1.0], num: 8}
          sigma: {linspace: [0.0, 0.7], num: 8}
        zip:
          - {n: [4, 8, 16], lr: [0.1, 0.05, 0.01]}
        seeds: 10
        exclude:
          - {a: 3, sigma: 0.7}
        """

    @Test func aPhaseViewMustShowOrPoolEveryAxisThatVaries() throws {
        let base = "name: s\nexperiment: noop\ngrid: {a: [1, 2], b: [1, 2], c: [7]}\n"
        let refused = #expect(throws: SweepSpecError.self) {
            try parser.parse(base + "phase: {x: a, metric: m}\n")
        }
        #expect(refused?.location.line == 4)
        #expect(refused?.message.contains("b; show them, or pool them explicitly with pool: [b]") == true)
        let pooled = try parser.parse(base + "phase: {x: a, metric: m, pool: [b]}\n")
        #expect(pooled.view?.pool == ["b"])
        let single = try parser.parse(base + "phase: {x: a, metric: m, pool: b}\n")
        #expect(single.view?.pool == ["b"])
        #expect(try parser.parse(base + "phase: {x: a, y: b, metric: m}\n").view?.pool == [])
        let unknown = #expect(throws: SweepSpecError.self) {
            try parser.parse(base + "phase: {x: a, metric: m, pool: [b, z]}\n")
        }
        #expect(unknown?.field == "phase.pool")
    }

    @Test func parsesTheDocumentedExample() throws {
        let spec = try parser.parse(Self.example)
        #expect(spec.name == "noop-demo")
        #expect(spec.experiment == "noop")
        #expect(spec.fixed["duration_ms"] == .number(5))
        #expect(spec.grid.map(\.name) == ["a", "tau", "sigma"])
        #expect(spec.grid[1].spacing == .log)
        #expect(spec.grid[1].values.first == .number(0.01))
        #expect(spec.grid[1].values.last == .number(1))
        #expect(spec.grid[2].values[1] == .number(0.1))
        #expect(spec.zipGroups.count == 1)
        #expect(Array(spec.seeds) == Array(0..<10))
        // 3 * 8 * 8 grid points times 3 zipped pairs times 10 seeds, less a=3 & sigma=0.7 (8 tau * 3 * 10).
        #expect(Array(spec.expand()).count == 3 * 8 * 8 * 3 * 10 - 8 * 3 * 10)
    }

    @Test func zippedAxesAdvanceTogether() throws {
        let spec = try parser.parse(Self.example)
        let pairs = Set(spec.expand().map { "\($0.parameters["n"]!)-\($0.parameters["lr"]!)" })
        #expect(pairs == ["4-0.1", "8-0.05", "16-0.01"])
    }

    @Test func explicitSeedListAndExclusionOnSeed() throws {
        let spec = try parser.parse(
            """
            name: s
            experiment: noop
            grid: {a: [1, 2]}
            seeds: [3, 7]
            exclude: [{seed: 7, a: 2}]
            """)
        let points = spec.expand().map { "\($0.parameters["a"]!)/\($0.parameters["seed"]!)" }
        #expect(points == ["1/3", "1/7", "2/3"])
    }

    @Test func requirementsAndPriorityAreRead() throws {
        let spec = try parser.parse("name: s\nexperiment: noop\npriority: 3\nrequires: {cores: 4, memory_gb: 1.5}\n")
        #expect(spec.priority == 3)
        #expect(spec.requirements == Requirements(cores: 4, memoryMB: 1536))
    }

    @Test func quotedScalarsStayStrings() throws {
        let spec = try parser.parse("name: s\nexperiment: noop\ngrid: {regime: ['1', unimodal, true]}\n")
        #expect(spec.grid[0].values == [.string("1"), .string("unimodal"), .bool(true)])
    }

    static let badFiles: [(text: String, line: Int, field: String, fragment: String)] = [
        ("name: s\nexperiment: noop\ncolour: red\n", 3, "colour", "unknown key"),
        ("name: s\nexperiment: noop\ngrid:\n  a: []\n", 4, "grid.a", "empty axis"),
        ("name: s\nexperiment: noop\ngrid:\n  a: 3\n", 4, "grid.a", "list of values"),
        ("name: s\nexperiment: noop\nseeds: lots\n", 3, "seeds", "whole number"),
        ("name: s\nexperiment: noop\nzip:\n  - {n: [1, 2], lr: [0.1]}\n", 4, "zip[0].lr", "advance together"),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1]\nzip:\n  - {a: [1, 2], b: [3, 4]}\n", 6, "zip[0].a", "duplicate"),
        ("name: s\nexperiment: noop\nparams: {a: 1}\ngrid:\n  a: [1, 2]\n", 5, "grid.a", "duplicate"),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1]\n  a: [2]\n", 4, "a", "duplicate key"),
        ("name: s\nexperiment: noop\ngrid:\n  tau: {logspace: [0, 1], num: 4}\n", 4, "grid.tau.logspace", "positive"),
        ("name: s\nexperiment: noop\ngrid:\n  tau: {linspace: [0, 1], num: 0}\n", 4, "grid.tau.num", "empty axis"),
        ("name: s\nexperiment: noop\ngrid:\n  tau: {linspace: [0, 1]}\n", 4, "grid.tau.num", "missing"),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1, 1]\n", 4, "grid.a", "appears twice"),
        ("name: s\nexperiment: noop\ngrid:\n  seed: [1]\n", 4, "grid.seed", "seeds"),
        ("name: s\nexperiment: noop\nexclude: [{b: 1}]\n", 3, "exclude[0].b", "not an axis"),
        ("experiment: noop\n", 1, "name", "missing"),
        ("name: s\nexperiment: noop\nrequires: {tpus: 1}\n", 3, "requires.tpus", "unknown requirement"),
        ("name: s\nexperiment: noop\nrequires: {gpus: -1}\n", 3, "requires.gpus", "from 0 to 64"),
        ("name: s\nexperiment: noop\nrequires:\n  cores: 0\n", 4, "requires.cores", "at least 1"),
        ("name: s\nexperiment: noop\ngrid: {a: [1, 2}\n", 3, "yaml", "expected"),
    ]

    @Test(arguments: 0..<badFiles.count)
    func everyErrorNamesFileLineAndField(index: Int) {
        let bad = Self.badFiles[index]
        do {
            _ = try parser.parse(bad.text)
            Issue.record("parsed a bad file: \(bad.text)")
        } catch let error as SweepSpecError {
            #expect(error.location.file == "sweeps/test.yaml")
            #expect(error.location.line == bad.line, "\(error)")
            #expect(error.field == bad.field, "\(error)")
            #expect(error.message.contains(bad.fragment), "\(error)")
            #expect(error.description.hasPrefix("sweeps/test.yaml:\(bad.line):"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
