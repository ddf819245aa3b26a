import Testing
@testable import SweepModel

@Suite("Task identity")
struct TaskIdentityTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hexDigest(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hexDigest(of: String(repeating: "a", count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func keyDependsOnExperimentAndEveryParameterButNotOnOrder() {
        let one = Parameters(["a": .number(1), "tau": .number(0.5), "seed": .number(0)])
        let same = Parameters(["seed": .number(0), "tau": .number(0.5), "a": .number(1)])
        let otherSeed = Parameters(["a": .number(1), "tau": .number(0.5), "seed": .number(1)])
        #expect(
            TaskIdentity.key(experiment: "noop", parameters: one)
                == TaskIdentity.key(experiment: "noop", parameters: same))
        #expect(
            TaskIdentity.key(experiment: "noop", parameters: one)
                != TaskIdentity.key(experiment: "noop", parameters: otherSeed))
        #expect(
            TaskIdentity.key(experiment: "noop", parameters: one)
                != TaskIdentity.key(experiment: "gibbs", parameters: one))
    }

    @Test func generatedFloatsAreCanonical() {
        // 0.1 * 3 is 0.30000000000000004 in binary floating point; the canonical value is 0.3.
        #expect(ParamValue.canonicalNumber(0.1 * 3) == .number(0.3))
        #expect(ParamValue.canonicalNumber(-0.0).canonicalJSON == "0")
        let fromLinspace = SweepSpecParser.linspace(0, 0.7, 8)
        #expect(fromLinspace[3] == .number(0.3))
        let fromList = ParamValue.parse("0.3")
        #expect(fromLinspace[3] == fromList)
        let fromLogspace = SweepSpecParser.logspace(0.01, 100, 5)
        #expect(fromLogspace.map(\.canonicalJSON) == ["0.01", "0.1", "1", "10", "100"])
    }

    @Test func integersAndFloatsOfTheSameValueShareAnIdentity() {
        let integer = Parameters(["a": ParamValue.parse("2")])
        let float = Parameters(["a": ParamValue.parse("2.0")])
        #expect(integer.canonicalJSON == "{\"a\":2}")
        #expect(
            TaskIdentity.key(experiment: "noop", parameters: integer)
                == TaskIdentity.key(experiment: "noop", parameters: float))
    }

    @Test func extendingAnAxisKeepsTheOldPointsIdentities() throws {
        let parser = SweepSpecParser(file: "s.yaml")
        let base = try parser.parse("name: s\nexperiment: noop\ngrid: {a: [1, 2]}\nseeds: 2\n").expand()
        let extended = try parser.parse("name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\nseeds: 3\n").expand()
        let baseKeys = Set(base.map(\.key))
        let extendedKeys = Set(extended.map(\.key))
        #expect(baseKeys.isSubset(of: extendedKeys))
        #expect(extendedKeys.subtracting(baseKeys).count == 9 - 4)
    }
}
