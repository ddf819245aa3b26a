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
        #expect(throws: CanonicalJSONReader.Malformed.self) { try Parameters(canonicalJSON: text) }
        #expect(throws: CanonicalJSONReader.Malformed.self) {
            try Self.select(["a"], from: text) { try ParamValue(canonicalJSONValue: $0) }
        }
    }

    /// The values of `keys` found by `FlatJSONSelector` in `text`, each read by `read`; nil where absent.
    static func select<Value>(
        _ keys: [String], from text: String, _ read: (UnsafeBufferPointer<UInt8>) throws -> Value
    ) throws -> [Value?] {
        var text = text
        var found = [Value?](repeating: nil, count: keys.count)
        try text.withUTF8 { bytes in try FlatJSONSelector(keys: keys).scan(bytes) { found[$0] = try read($1) } }
        return found
    }

    @Test func selectedNumbersReadBackBitForBit() throws {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double.random(in: -8...9, using: &generator))
            let value = ParamValue.canonicalNumber(Double.random(in: -1...1, using: &generator) * magnitude)
            let text = Parameters(["x": value, "y": .string("z")]).canonicalJSON
            let selected = try Self.select(["x", "missing"], from: text) { try ParamValue(canonicalJSONValue: $0) }
            #expect(selected[0] == value, "\(text)")
            #expect(selected[1] == nil)
        }
        let metrics = Metrics(["value": 0.1 + 0.2, "degenerate": 1, "bad": .nan])
        let numbers = try Self.select(["value", "bad", "degenerate", "gone"], from: metrics.jsonText) { raw in
            try FlatJSONSelector.number(raw) ?? { throw CanonicalJSONReader.Malformed(offset: nil) }()
        }
        #expect(
            numbers.map {
                $0.map { $0.isNaN ? -1 : $0 }
            } == [0.1 + 0.2, -1, 1, nil])
    }
}
