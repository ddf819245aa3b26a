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
}
