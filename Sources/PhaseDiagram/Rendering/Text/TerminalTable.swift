import SweepModel

extension PhaseTable {
    /// A terminal rendering: a heatmap (rows y, columns x, one block per facet value) or, for a one-axis
    /// query, a list with intervals and bars; then the scale and the marks in use. Colour is 24-bit ANSI and
    /// only present when `color` is true; columns wrap to fit `width`.
    public func terminalTable(color: Bool, width: Int = 100) -> String {
        TerminalTable(table: self, color: color, width: max(width, 40)).render()
    }
}

/// Lays out a `PhaseTable` as text.
struct TerminalTable {
    let table: PhaseTable
    let color: Bool
    let width: Int
    private let scale: ValueScale?

    init(table: PhaseTable, color: Bool, width: Int) {
        self.table = table
        self.color = color
        self.width = width
        scale = ValueScale(table)
    }

    func render() -> String {
        let axes = table.y.map { "\($0.name) (rows) × \(table.x.name) (columns)" } ?? table.x.name
        var lines = ["\(table.quantityLabel) by \(axes)"]
        for facet in table.facetIndices {
            if let axis = table.facet {
                lines.append("")
                lines.append("── \(axis.name) = \(axis.values[facet]) ──")
            }
            lines += table.y == nil ? list(facet: facet) : heatmap(facet: facet)
        }
        lines.append("")
        lines += legend()
        return lines.joined(separator: "\n") + "\n"
    }

    private func shownValue(_ cell: PhaseCell) -> Double? { cell.statistics.value(of: table.statistic) }

    private func painted(_ text: String, value: Double?) -> String {
        guard color, let value, let scale else { return text }
        return TerminalColor.paint(text, background: scale.color(value))
    }

    private func heatmap(facet: Int) -> [String] {
        guard let yAxis = table.y else { return [] }
        let xLabels = table.x.labels
        let yLabels = yAxis.labels
        let texts = table.yIndices.map { y in
            table.x.values.indices.map { table.cellLabel(table.cell(x: $0, y: y, facet: facet), scale: scale) }
        }
        let cellWidth = max(6, (xLabels + texts.flatMap { $0 }).map(\.count).max() ?? 0) + 2
        let corner = "\(yAxis.name) \\ \(table.x.name)"
        let labelWidth = max(corner.count, yLabels.map(\.count).max() ?? 0) + 1
        let columnsPerBlock = max(1, (width - labelWidth) / cellWidth)
        let rowOrder = table.rowsTopDown

        var lines: [String] = []
        for start in stride(from: 0, to: xLabels.count, by: columnsPerBlock) {
            let columns = start..<min(start + columnsPerBlock, xLabels.count)
            if start > 0 { lines.append("") }
            lines.append(
                TextLayout.left(corner, labelWidth)
                    + columns.map { TextLayout.center(xLabels[$0], cellWidth) }.joined())
            for y in rowOrder {
                var line = TextLayout.left(yLabels[y], labelWidth)
                for x in columns {
                    let text = TextLayout.center(texts[y][x], cellWidth)
                    line += painted(text, value: shownValue(table.cell(x: x, y: y, facet: facet)))
                }
                lines.append(line)
            }
        }
        return lines
    }

    private func list(facet: Int) -> [String] {
        var header = [table.x.name, table.statistic.rawValue, "CI", "n"]
        if let reference = table.reference { header.append(reference) }
        let xLabels = table.x.labels
        var rows: [[String]] = []
        var values: [Double?] = []
        for x in table.x.values.indices {
            let cell = table.cell(x: x, facet: facet)
            let statistics = cell.statistics
            let interval = statistics.interval(of: table.statistic)
            var row = [
                xLabels[x], table.cellLabel(cell, scale: scale),
                interval.map { "[\(NumberText.compact($0.low)), \(NumberText.compact($0.high))]" }.map { text in
                    table.shortfall(of: statistics).map { text + " (\(NumberText.compact($0 * 100, digits: 3))%)" }
                        ?? text
                } ?? "",
                String(statistics.n),
            ]
            if table.reference != nil { row.append(statistics.referenceMean.map { NumberText.compact($0) } ?? "") }
            rows.append(row)
            values.append(shownValue(cell))
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.indices.map { $0 == 0 ? TextLayout.left(row[$0], widths[$0]) : TextLayout.right(row[$0], widths[$0]) }
                .joined(separator: "  ")
        }
        let barWidth = max(10, min(30, width - widths.reduce(0, +) - 2 * widths.count - 2))
        return [line(header)] + zip(rows, values).map { row, value in line(row) + "  " + bar(value, width: barWidth) }
    }

    private func bar(_ value: Double?, width: Int) -> String {
        guard let value, let scale else { return "" }
        let fraction = scale.fraction(value)
        let filled = fraction.isFinite ? Int((min(max(fraction, 0), 1) * Double(width)).rounded()) : 0
        let hashes = min(width, max(1, filled))
        let text = String(repeating: "#", count: hashes) + String(repeating: ".", count: width - hashes)
        return color ? TerminalColor.tint(text, foreground: scale.color(value)) : text
    }

    private func legend() -> [String] {
        var lines: [String] = []
        if let scale {
            let range = "\(NumberText.compact(scale.low)) … \(NumberText.compact(scale.high))"
            if color {
                let steps = 24
                let ramp = (0..<steps).map { step in
                    TerminalColor.paint(" ", background: ColorMap.viridis(Double(step) / Double(steps - 1)))
                }.joined()
                lines.append(
                    "scale  \(NumberText.compact(scale.low)) \(ramp) \(NumberText.compact(scale.high)) "
                        + "(\(scale.description))")
            } else {
                lines.append("scale  \(range) (\(scale.description))")
            }
        } else {
            lines.append(table.totals.nonFinite > 0 ? "no finite results yet" : "no finished results yet")
        }
        let marks =
            CellMarks.legendEntries(for: table, missing: "· no result (r running, p pending)")
            + table.beyondScaleEntries(scale)
        if table.y == nil {
            let short = table.cells.contains { table.shortfall(of: $0.statistics) != nil }
            lines.append(
                "CI     \(table.intervalLabel)"
                    + (short ? "; (p%): the coverage of a cell with too few values to reach it" : ""))
        }
        if !marks.isEmpty { lines.append("marks  " + marks.joined(separator: "   ")) }
        let withData = table.cells.filter { $0.statistics.n > 0 }.count
        lines.append("cells  \(withData) of \(table.cells.count) with results; \(table.taskSummary)")
        return lines
    }
}
