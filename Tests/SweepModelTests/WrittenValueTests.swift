import Testing
@testable import SweepModel

/// Values are checked on every point: exact integers, finite numbers and sane requirements, each refusal
/// with its file, line and field.
@Suite("Written values")
struct WrittenValueTests {
    let parser = SweepSpecParser(file: "v.yaml")

    static let badFiles: [(text: String, line: Int, field: String, fragment: String)] = [
        ("name: s\nexperiment: noop\nrequires: {memory_gb: 1e300}\n", 3, "requires.memory_gb", "at most 1048576 GB"),
        ("name: s\nexperiment: noop\nrequires: {memory_gb: -1}\n", 3, "requires.memory_gb", "positive"),
        ("name: s\nexperiment: noop\nrequires: {memory_gb: .nan}\n", 3, "requires.memory_gb", "must be a number"),
        ("name: s\nexperiment: noop\nrequires: {memory_gb: nan}\n", 3, "requires.memory_gb", "must be a number"),
        ("name: s\nexperiment: noop\nrequires: {cores: 0}\n", 3, "requires.cores", "at least 1"),
        ("name: s\nexperiment: noop\nrequires: {cores: 100000}\n", 3, "requires.cores", "at most 1024"),
        ("name: s\nexperiment: noop\nrequires: {cores: 1e300}\n", 3, "requires.cores", "whole number"),
        (
            "name: s\nexperiment: noop\ngrid:\n  a: {linspace: [-1.7e308, 1.7e308], num: 5}\n", 4, "grid.a.linspace",
            "not a finite number"
        ),
        (
            "name: s\nexperiment: noop\ngrid:\n  a: {linspace: [1e308, -1e308], num: 3}\n", 4, "grid.a.linspace",
            "NaN, not a finite number"
        ),
        (
            "name: s\nexperiment: noop\ngrid:\n  a: {linspace: [1, 1.0000000000001], num: 4}\n", 4, "grid.a.linspace",
            "repeats"
        ),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1, 2,\n    1e999]\n", 5, "grid.a", "not a finite number"),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1, -inf]\n", 4, "grid.a", "not a finite number"),
        ("name: s\nexperiment: noop\nparams: {a: 9007199254740993}\n", 3, "params.a", "beyond 2^53"),
        ("name: s\nexperiment: noop\ngrid:\n  a: [1, -12345678901234567890]\n", 4, "grid.a", "beyond 2^53"),
        ("name: s\nexperiment: noop\nseeds: [1, 99999999999999999]\n", 3, "seeds", "beyond 2^53"),
    ]

    @Test(arguments: 0..<badFiles.count)
    func everyRefusalNamesLineAndField(index: Int) {
        let bad = Self.badFiles[index]
        do {
            _ = try parser.parse(bad.text)
            Issue.record("parsed a bad file: \(bad.text)")
        } catch let error as SweepSpecError {
            #expect(error.location.line == bad.line, "\(error)")
            #expect(error.field == bad.field, "\(error)")
            #expect(error.message.contains(bad.fragment), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func writtenIntegersStayExact() throws {
        let spec = try parser.parse("name: s\nexperiment: noop\ngrid:\n  a: [1234567890123456, 1234567890123457]\n")
        #expect(spec.grid[0].values == [.number(1_234_567_890_123_456), .number(1_234_567_890_123_457)])
        let keys = Set(spec.expand().map(\.key))
        #expect(keys.count == 2)
        #expect(ParamValue.parse("9007199254740992") == .number(9_007_199_254_740_992))
        #expect(ParamValue.parse("1_000_000") == .number(1_000_000))
    }

    @Test func writtenDecimalsKeepTheirDigitsAndGeneratedOnesAreCanonical() throws {
        #expect(ParamValue.parse("0.123456789012345") == .number(0.123456789012345))
        #expect(ParamValue.parse("0.1") == .number(0.1))
        #expect(ParamValue.parse("-0") == .number(0))
        #expect(ParamValue.parse("-0").canonicalJSON == "0")
        #expect(SweepSpecParser.linspace(0, 0.3, 4)[1] == .number(0.1))
    }
}
