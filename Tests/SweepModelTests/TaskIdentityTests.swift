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

    @Test func anExperimentsVersionPastTheFirstMakesNewKeysAndTheFirstKeepsTheOldOnes() throws {
        let text = "name: s\nexperiment: noop\ngrid: {a: [1, 2, 3]}\nseeds: 2\n"
        var spec = try SweepSpecParser(file: "s.yaml").parse(text)
        let first = Array(try spec.expand())
        spec.experimentVersion = 2
        let second = Array(try spec.expand())
        #expect(first.count == 6 && second.count == 6)
        #expect(Set(first.map(\.key)).isDisjoint(with: second.map(\.key)))
        for (old, new) in zip(first, second) {
            #expect(old.parameters == new.parameters)
            #expect(old.key == SHA256.hexDigest(of: "noop\n" + old.parameters.canonicalJSON).prefix(32).description)
            #expect(new.key == TaskSpec(experiment: "noop", version: 2, parameters: new.parameters).key)
        }
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

    /// Keys of the shipped sweeps' points as they were before sweep files kept written numbers exactly:
    /// ordinary sweeps (small integers, decimals, generated axes, strings) keep their tasks.
    @Test func keysOfOrdinarySweepsAreUnchanged() throws {
        let demo = Array(try SweepSpecParser(file: "d.yaml").parse(SweepSpecParserTests.example).expand())
        #expect(demo.first?.key == "0ccd04b868e11b4b07496d7246369536")
        #expect(demo.dropFirst().first?.key == "70c29476367c87d027453c1e6279de07")
        #expect(demo.last?.key == "ab09f930c165c5d2d004b33a58d41c13")
        let gap = Parameters([
            "batch": .number(256), "bins": .number(60), "eval_pairs": .number(8000),
            "lr": ParamValue.parse("0.005"), "prior_kappa": .number(6),
            "prior_weight": ParamValue.parse("0.7"), "regime": .string("multimodal"),
            "seed": .number(0), "sigma": SweepSpecParser.linspace(0, 0.7, 8)[2],
            "steps": .number(2000), "tau": ParamValue.parse("0.07"),
        ])
        #expect(TaskIdentity.key(experiment: "multimodal", parameters: gap) == "f4ca024ab5606931bf67097492ce54ef")
        let consistency = Parameters([
            "anchors": .number(64), "critic": .string("rbf"), "input_dim": .number(64),
            "n_negatives": .number(8), "noise": .string("auto"), "output_dim": .number(128),
            "pool": .number(4096), "rbf_scale": .number(128), "seed": .number(0),
            "tau": .string("auto"),
        ])
        #expect(
            TaskIdentity.key(experiment: "consistency", parameters: consistency)
                == "9dea8e842b0b8add5d49c7664fdc2fa7")
    }
}

@Suite("Version")
struct VersionTests {
    @Test func theVersionNamesTheCommitItWasBuiltFrom() {
        let commit = InfosweepVersion.buildCommit
        let isCommit =
            commit.count >= 12 && commit.prefix(12).allSatisfy(\.isHexDigit)
            && (commit.count == 12 || commit.dropFirst(12) == "-dirty")
        #expect(isCommit || commit == "unknown", "\(commit)")
        #expect(InfosweepVersion.current == InfosweepVersion.release + "+" + commit)
    }
}
