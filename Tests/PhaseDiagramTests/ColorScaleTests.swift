import PhaseDiagram
import SweepModel
import Testing

/// Colour scales: a few extreme cells must not spend the whole range unless asked to.
@Suite("Colour scales")
struct ColorScaleTests {
    /// A 5 x 4 heatmap whose cells hold 1...20, except one collapsed cell at 1000 and one at -5.
    func table(_ mode: ColorScaleMode? = nil) -> PhaseTable {
        let x = Axis(name: "sigma", values: (0..<5).map { .number(Double($0)) })
        let y = Axis(name: "tau", values: (0..<4).map { .number(Double($0)) })
        var observations: [Observation] = []
        for row in 0..<4 {
            for column in 0..<5 {
                let index = row * 5 + column
                let value = index == 7 ? 1000 : index == 12 ? -5 : Double(index + 1)
                observations.append(Observation(x: .number(Double(column)), y: .number(Double(row)), value: value))
            }
        }
        var table = PhaseTable.build(observations: observations, query: PhaseQuery(x: x, y: y, metric: "gap"))
        if let mode { table.colorScale = mode }
        return table
    }

    @Test func robustIsTheDefaultAndMarksTheCellsBeyondIt() {
        #expect(table().colorScale == .robust)
        let text = table().terminalTable(color: false)
        #expect(text.contains("1000>") && text.contains("-5<"))
        #expect(!text.contains("20>") && !text.contains("1<"))
        #expect(text.contains("(robust: 2nd to 98th percentile)"))
        #expect(text.contains("< below the colour scale") && text.contains("> above the colour scale"))
        let svg = table(.robust).svg()
        #expect(svg.contains("1000&gt;") || svg.contains("1000>"))
        #expect(svg.contains("colour scale robust: 2nd to 98th percentile"))
    }

    @Test func linearSpansEveryValueAndMarksNone() {
        let text = table(.linear).terminalTable(color: false)
        #expect(text.contains("scale  -5 … 1e+03 (linear)") || text.contains("scale  -5 … 1000 (linear)"))
        #expect(!text.contains("1000>") && !text.contains("-5<"))
    }

    @Test func logSpansThePositiveValuesAndPutsTheRestBelow() {
        let text = table(.log).terminalTable(color: false)
        #expect(text.contains("(log)"))
        #expect(text.contains("-5<") && !text.contains("1000>"))
        let svg = table(.log).svg()
        #expect(svg.contains("colour scale log"))
    }
}

extension ColorScaleTests {
    @Test func aOneAxisListReadsRobustAsLinear() {
        let axis = Axis(name: "tau", values: (0..<7).map { .number(Double($0)) })
        let observations = (0..<7).map { Observation(x: .number(Double($0)), value: Double($0 * $0)) }
        let text = PhaseTable.build(observations: observations, query: PhaseQuery(x: axis, metric: "m"))
            .terminalTable(color: false)
        #expect(text.contains("scale  0 … 36 (linear)"))
        #expect(!text.contains("36>") && !text.contains("0<"))
    }
}
