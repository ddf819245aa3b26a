import Testing
@testable import SweepModel

/// Sweeps are counted, with overflow checks, before anything is expanded, and refused past a limit.
@Suite("Sweep size")
struct SweepSizeTests {
    let parser = SweepSpecParser(file: "big.yaml")

    func refusal(_ text: String, parser: SweepSpecParser? = nil) -> SweepSpecError? {
        do {
            _ = try (parser ?? self.parser).parse(text)
            return nil
        } catch {
            return error as? SweepSpecError
        }
    }

    @Test func aCountThatOverflowsIsRefusedNotTrapped() throws {
        let axes = ["a", "b", "tau", "sigma"].map { "  \($0): {linspace: [0, 1], num: 100000}" }
        let text = "name: h\nexperiment: noop\ngrid:\n" + axes.joined(separator: "\n") + "\nseeds: 100000\n"
        let error = try #require(refusal(text))
        #expect(error.location.line == 3, "\(error)")
        #expect(error.field == "grid")
        #expect(error.message.contains("more points than a 64-bit count holds"), "\(error)")
        #expect(error.message.contains("a 100000 x b 100000 x tau 100000 x sigma 100000 x 100000 seeds"))
    }

    @Test func aTrillionSeedsAreCountedNotAllocated() throws {
        let error = try #require(refusal("name: h\nexperiment: noop\nseeds: 1000000000000\n"))
        #expect(error.location.line == 3 && error.field == "seeds", "\(error)")
        #expect(error.message.contains("1000000000000 points"), "\(error)")
        #expect(error.message.contains("limit of 10000000"), "\(error)")
    }

    @Test func theCallerSetsTheLimit() throws {
        let text = "name: h\nexperiment: noop\ngrid: {a: [1, 2, 3]}\nseeds: 4\n"
        let error = try #require(refusal(text, parser: SweepSpecParser(file: "big.yaml", maxPoints: 11)))
        #expect(error.message.contains("the sweep has 12 points (a 3 x 4 seeds), more than the limit of 11"))
        #expect(try SweepSpecParser(file: "big.yaml", maxPoints: 12).parse(text).pointBound == 12)
    }

    @Test func aGeneratedAxisBeyondTheLimitIsRefusedBeforeItIsMade() throws {
        let error = try #require(refusal("name: h\nexperiment: noop\ngrid:\n  a: {linspace: [0, 1],\n    num: 1e12}\n"))
        #expect(error.location.line == 5 && error.field == "grid.a.num", "\(error)")
        #expect(error.message.contains("more than the limit"), "\(error)")
    }

    @Test func aBillionPointsAreCountedAtOnce() throws {
        let text =
            "name: h\nexperiment: noop\ngrid:\n  a: {linspace: [0, 1], num: 1000}\n  b: {linspace: [0, 1], "
            + "num: 1000}\nseeds: 1000\nexclude: [{seed: 3}, {a: 0, b: 1}]\n"
        let spec = try SweepSpecParser(file: "big.yaml", maxPoints: 1_000_000_000).parse(text)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(spec.pointBound == 1_000_000_000)
        #expect(spec.pointCount() == 1_000_000_000 - 1_000_000 - 1000 + 1)
        #expect(clock.now - start < .seconds(1))
        #expect(Array(spec.expand().prefix(2)).map { $0.parameters["seed"] } == [.number(0), .number(1)])
    }

    @Test func theCountWithExclusionsMatchesTheExpansion() throws {
        let text = """
            name: s
            experiment: noop
            grid:
              a: [1, 2, 3]
              b: [x, y]
            zip:
              - {n: [4, 8, 16], lr: [0.1, 0.05, 0.01]}
            seeds: [0, 5, 9]
            exclude:
              - {a: 3}
              - {a: 3, b: x}
              - {n: 8, seed: 5}
              - {b: y, lr: 0.01}
              - {seed: 7}
            """
        let spec = try parser.parse(text)
        #expect(spec.pointCount() == Array(spec.expand()).count)
        #expect(spec.pointBound == 3 * 2 * 3 * 3)
        let example = try parser.parse(SweepSpecParserTests.example)
        #expect(example.pointCount() == Array(example.expand()).count)
    }

    @Test func expansionIsLazy() throws {
        let spec = try SweepSpecParser(file: "big.yaml", maxPoints: .max).parse(
            "name: h\nexperiment: noop\nseeds: 1000000000000\n")
        #expect(spec.pointBound == 1_000_000_000_000)
        #expect(Array(spec.expand().prefix(3)).count == 3)
    }

    @Test func pieceWiseKeysEqualTheKeysOfTheParameters() throws {
        let spec = try parser.parse(SweepSpecParserTests.example)
        for task in spec.expand() {
            #expect(task.key == TaskIdentity.key(experiment: task.experiment, parameters: task.parameters))
        }
    }
}
