import Foundation
import Testing
@testable import PhaseDiagram
import SweepModel

@Suite struct BoundaryTests {
    typealias Point = PhaseBoundary.RowPoint

    @Test func aRisingRowCrossesBetweenItsLastCellBelowAndTheNext() throws {
        let points = [
            Point(position: 0, median: 0.1, low: 0.0, high: 0.2),
            Point(position: 1, median: 0.3, low: 0.2, high: 0.45),
            Point(position: 2, median: 0.7, low: 0.6, high: 0.8),
            Point(position: 3, median: 0.9, low: 0.8, high: 1.0),
        ]
        let crossing = try #require(PhaseBoundary.cross(points, threshold: 0.5))
        #expect(abs(crossing.x - 1.5) < 1e-12)
        // Upper ends 0.45 -> 0.8 reach 0.5 at 1 + 0.05/0.35; lower ends 0.2 -> 0.6 at 1 + 0.3/0.4.
        #expect(abs(crossing.low - (1 + 0.05 / 0.35)) < 1e-12 && abs(crossing.high - 1.75) < 1e-12)
        let falling = points.map {
            Point(position: $0.position, median: 1 - $0.median, low: 1 - $0.high, high: 1 - $0.low)
        }
        let mirrored = try #require(PhaseBoundary.cross(falling, threshold: 0.5))
        #expect(abs(mirrored.x - 1.5) < 1e-12 && abs(mirrored.low - crossing.low) < 1e-12)
        #expect(PhaseBoundary.cross(Array(points.prefix(2)), threshold: 0.5) == nil)
        #expect(PhaseBoundary.cross([], threshold: 0.5) == nil)
    }

    @Test func anIntervalHoldingTheThresholdReachesBackToTheCellWhoseDoesNot() throws {
        let points = [
            Point(position: 0, median: 0.1, low: 0.0, high: 0.2),
            Point(position: 1, median: 0.4, low: 0.2, high: 0.6),
            Point(position: 2, median: 0.6, low: 0.4, high: 0.8),
            Point(position: 3, median: 0.9, low: 0.8, high: 1.0),
        ]
        let crossing = try #require(PhaseBoundary.cross(points, threshold: 0.5))
        #expect(abs(crossing.x - 1.5) < 1e-12)
        #expect(abs(crossing.low - 0.75) < 1e-12 && abs(crossing.high - 2.25) < 1e-12)
        let open = try #require(PhaseBoundary.cross(Array(points[1...2]), threshold: 0.5))
        #expect(open.low == 1 && open.high == 2)
    }

    /// A 5 x 5 grid whose step sits at x = 0.3 + 0.4 y, refined on two rows, with an empty row.
    func table(threshold: Double = 0.5) -> PhaseTable {
        let xs = SweepSpecParser.linspace(0, 1, 5)
        let ys = SweepSpecParser.linspace(0, 1, 5)
        var observations: [Observation] = []
        func add(_ x: Double, _ y: Double) {
            for seed in 0..<3 {
                let value = (x > 0.3 + 0.4 * y ? 1.0 : 0.0) + Double(seed) * 0.01
                observations.append(Observation(x: .number(x), y: .number(y), value: value))
            }
        }
        for y in ys.map({ $0.doubleValue! }) where y < 1 {
            for x in xs.map({ $0.doubleValue! }) { add(x, y) }
        }
        add(0.375, 0.25)
        add(0.4375, 0.25)
        observations.append(Observation(x: .number(0.5), y: .number(1), state: .pending))
        let query = PhaseQuery(
            x: Axis(name: "sigma", values: xs, spacing: .linear), y: Axis(name: "tau", values: ys, spacing: .linear),
            metric: "gap")
        return PhaseTable.build(observations: observations, query: query)
    }

    @Test func everyRowGetsItsCrossingOrNone() throws {
        let boundary = PhaseBoundary(table: table(), threshold: 0.5)
        let crossings = Dictionary(uniqueKeysWithValues: boundary.crossings.map { ($0.y!.doubleValue!, $0) })
        #expect(crossings.count == 5)
        // tau = 0.25: the step at 0.4 lies between the refined cells 0.375 (median 0.01) and 0.4375 (1.01).
        let refinedRow = try #require(crossings[0.25]?.x)
        #expect(abs(refinedRow - 0.40562500) < 1e-9)
        #expect(crossings[0.25]!.cells == 7 && crossings[0]!.cells == 5)
        #expect(crossings[1]!.x == nil && crossings[1]!.cells == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(boundary.json().utf8)) as? [String: Any])
        let entries = try #require(json["boundary"] as? [[String: Any]])
        #expect(entries.count == 5 && entries.allSatisfy { $0["y"] != nil && $0["facet"] == nil })
        #expect(entries.last?["x"] is NSNull && entries.first?["x_low"] is Double)
        #expect(json["threshold"] as? Double == 0.5 && (json["axes"] as? [String: String])?["y"] == "tau")
        let text = boundary.text()
        #expect(text.contains("sigma*") && text.contains("too few cells") && text.contains("cover 75%"))
    }

    @Test func theMapDrawsEveryPresentCellAndTheLine() throws {
        let table = table()
        let svg = try #require(XMLSummary.parse(PhaseBoundary(table: table, threshold: 0.5).svg()))
        let present = table.cells.filter(\.isPresent).count
        #expect(present == 4 * 5 + 2 + 1)
        #expect(svg.count("rect", classContaining: "cell") == present)
        #expect(svg.count("rect", classContaining: "missing") == 1)
        #expect(svg.count("path", classContaining: "boundary") == 2)
        #expect(svg.count("path", classContaining: "boundary-interval") == 2 * 4)
        #expect(svg.count("circle", classContaining: "boundary-point") == 4)
        #expect(svg.texts.contains { $0.hasPrefix("gap (median) crosses 0.5 along sigma") })
    }

    @Test func cellLinesHoldThePresentCellsInOrder() {
        let table = table()
        let rows = table.lines(along: .x)
        #expect(rows.count == 5)
        #expect(rows.map(\.indices.count) == [5, 7, 5, 5, 1])
        let columns = table.lines(along: .y)
        #expect(columns.count == table.x.values.count)
        #expect(columns.first { table.x.values[$0.held] == .number(0.375) }?.indices.count == 1)
    }
}
