import Foundation
import PhaseDiagram
import SweepModel
import Testing

/// A NaN or infinite metric is a finished result of its own kind: counted as done and as non-finite,
/// never as missing, and left out of the statistics.
@Suite struct NonFiniteTests {
    let axis = Axis(name: "sigma", values: [.number(0), .number(1)])

    func table() -> PhaseTable {
        let observations = [
            Observation(x: .number(0), value: 1), Observation(x: .number(0), value: 3),
            Observation(x: .number(0), value: .nan), Observation(x: .number(0), value: .infinity),
            Observation(x: .number(0), value: nil),
            Observation(x: .number(1), value: -.infinity), Observation(x: .number(1), state: .running),
        ]
        return PhaseTable.build(observations: observations, query: PhaseQuery(x: axis, metric: "gap"))
    }

    @Test func nonFiniteValuesHaveTheirOwnCount() {
        let table = table()
        let mixed = table.cell(x: 0).statistics
        #expect(mixed.n == 2 && mixed.median == 2 && mixed.max == 3)
        #expect(mixed.nonFinite == 2 && mixed.missing == 1 && mixed.done == 5 && mixed.tasks == 5)
        let onlyInfinite = table.cell(x: 1).statistics
        #expect(onlyInfinite.n == 0 && onlyInfinite.nonFinite == 1 && onlyInfinite.running == 1)
        #expect(table.totals.done == 6 && table.totals.nonFinite == 3)
    }

    @Test func footersCountDoneTasksAsStatusDoes() {
        let table = table()
        #expect(
            table.taskSummary
                == "tasks 7: 6 done (3 non-finite, 1 without the metric), 1 running, 0 pending, 0 failed")
        let text = table.terminalTable(color: false, width: 100)
        #expect(text.contains("with results; " + table.taskSummary), "\(text)")
        #expect(text.contains("~ non-finite results"), "\(text)")
        let heatmap = PhaseTable.build(
            observations: [
                Observation(x: .number(0), y: .number(0), value: .nan),
                Observation(x: .number(1), y: .number(1), value: 2),
            ],
            query: PhaseQuery(x: axis, y: Axis(name: "tau", values: [.number(0), .number(1)]), metric: "gap"))
        #expect(heatmap.svg().contains("tasks 2: 2 done (1 non-finite), 0 running"))
    }

    @Test func exportsHaveANonFiniteColumn() throws {
        let table = table()
        let lines = table.csv().split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let column = try #require(header.firstIndex(of: "non_finite"))
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false)[column] == "2")
        let rows = try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [[String: Any]]
        #expect(rows?.map { $0["non_finite"] as? Int } == [2, 1])
        #expect(rows?.map { $0["missing"] as? Int } == [1, 0])
    }
}
