import Foundation
import Testing
@testable import SweepModel

@Suite("Canonical parameter JSON")
struct CanonicalJSONReaderTests {
    @Test func readsBackWhatCanonicalJSONWrites() throws {
        let parameters = Parameters([
            "tau": .number(0.07), "seed": .number(3), "regime": .string("multi \"modal\"\n\u{1}é"),
            "flag": .bool(true), "off": .bool(false), "negative": .number(-1.5e-7), "big": .number(1e20),
        ])
        let text = parameters.canonicalJSON
        #expect(try Parameters(canonicalJSON: text) == parameters)
        #expect(try Parameters(canonicalJSON: "{}") == Parameters())
        #expect(
            try Parameters(canonicalJSON: "{ \"a\" : 1 , \"b\":\"x\" }")
                == Parameters(["a": .number(1), "b": .string("x")]))
    }

    @Test(arguments: [
        "", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":tru}", "{\"a\":\"x}", "[1]", "{\"a\":1 \"b\":2}",
    ])
    func refusesMalformedText(text: String) {
        #expect(throws: (any Error).self) { try Parameters(canonicalJSON: text) }
    }

    @Test func selectedNumbersReadBackBitForBit() throws {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double.random(in: -8...9, using: &generator))
            let value = ParamValue.canonicalNumber(Double.random(in: -1...1, using: &generator) * magnitude)
            let text = Parameters(["x": value, "y": .string("z")]).canonicalJSON
            let selected = try Parameters.select(["x", "missing"], fromCanonicalJSON: text)
            #expect(selected[0] == value, "\(text)")
            #expect(selected[1] == nil)
        }
        let metrics = Metrics(["value": 0.1 + 0.2, "degenerate": 1, "bad": .nan])
        #expect(try Metrics.select(["value", "bad", "degenerate", "gone"], fromJSONText: metrics.jsonText).map {
            $0.map { $0.isNaN ? -1 : $0 }
        } == [0.1 + 0.2, -1, 1, nil])
    }
}
