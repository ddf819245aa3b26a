import Foundation
import Testing
@testable import SweepModel

/// Non-finite metrics are kept, as the strings "NaN", "Infinity" and "-Infinity", never as null.
@Suite("Metrics text")
struct MetricsTextTests {
    @Test func nonFiniteValuesRoundTripThroughTheirText() throws {
        let metrics = Metrics(["gap": .nan, "high": .infinity, "low": -.infinity, "ok": 0.25])
        #expect(metrics.jsonText == "{\"gap\":\"NaN\",\"high\":\"Infinity\",\"low\":\"-Infinity\",\"ok\":0.25}")
        let read = try Metrics(jsonText: metrics.jsonText)
        #expect(read["gap"]!.isNaN)
        #expect(read["high"] == .infinity && read["low"] == -.infinity && read["ok"] == 0.25)
    }

    @Test func nullFromOlderTextsIsReadAsNaN() throws {
        #expect(try Metrics(jsonText: "{\"gap\":null}")["gap"]!.isNaN)
        #expect(throws: CanonicalJSONReader.Malformed.self) { try Metrics(jsonText: "{\"gap\":\"large\"}") }
    }

    @Test func theSelectorReadsTheNamesOfNonFiniteValues() throws {
        let text = Metrics(["a": .nan, "b": -.infinity, "c": 2]).jsonText
        var found: [Int: Double] = [:]
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try FlatJSONSelector(keys: ["a", "b", "c"]).scan(UnsafeBufferPointer(buffer)) { index, raw in
                found[index] = FlatJSONSelector.number(raw)
            }
        }
        #expect(found[0]!.isNaN && found[1] == -.infinity && found[2] == 2)
    }

    @Test func codableKeepsNonFiniteValues() throws {
        let data = try JSONEncoder().encode(Metrics(["gap": .infinity, "ok": 1]))
        let read = try JSONDecoder().decode(Metrics.self, from: data)
        #expect(read["gap"] == .infinity && read["ok"] == 1)
    }
}
