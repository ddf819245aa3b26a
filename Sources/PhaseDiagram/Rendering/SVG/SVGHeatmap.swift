/// A two-axis phase diagram as an SVG figure: one heatmap panel per facet value, side by side, sharing a
/// viridis colour scale drawn as a colour bar; cells without a result are hatched.
struct SVGHeatmap {
    let table: PhaseTable

    func render() -> String {
        guard let yAxis = table.y else { return "" }
        let scale = ValueScale(table)
        let xLabels = table.x.labels
        let yLabels = yAxis.labels
        let panels = Double(table.facetIndices.count)
        let textWidth = Double(table.cells.map { table.cellLabel($0, scale: scale).count }.max() ?? 0) * 6 + 6
        let cellWidth = min(72, max(28, 640 / (Double(xLabels.count) * panels), textWidth))
        let showValues = textWidth <= cellWidth
        let cellHeight = min(44, max(20, 380 / Double(yLabels.count)))
        let rotate = (xLabels.map(AxisDrawing.textWidth).max() ?? 0) > cellWidth - 6
        let tickDepth = rotate ? (xLabels.map(AxisDrawing.textWidth).max() ?? 0) * 0.72 + 20 : 24
        let left = 36 + (yLabels.map(AxisDrawing.textWidth).max() ?? 0) + 10
        let top = 44.0 + (table.facet == nil ? 0 : 24)
        let panelWidth = cellWidth * Double(xLabels.count)
        let plotHeight = cellHeight * Double(yLabels.count)
        let gap = 24.0
        let barX = left + panels * panelWidth + (panels - 1) * gap + 28
        let width = barX + 16 + 8 + 60 + 36
        let height = top + plotHeight + tickDepth + 30 + 40

        var nodes: [SVGNode] = [HeatmapParts.definitions()]
        nodes.append(.label(title(yAxis), x: width / 2, y: 24, className: "title"))
        for facet in table.facetIndices {
            let panelLeft = left + Double(facet) * (panelWidth + gap)
            var panel: [SVGNode] = []
            if let title = HeatmapParts.panelTitle(table, facet: facet, x: panelLeft, width: panelWidth, top: top) {
                panel.append(title)
            }
            for (row, y) in table.rowsTopDown.enumerated() {
                for x in xLabels.indices {
                    panel.append(
                        cellNode(
                            table.cell(x: x, y: y, facet: facet), scale: scale,
                            frame: (
                                panelLeft + Double(x) * cellWidth, top + Double(row) * cellHeight,
                                cellWidth, cellHeight
                            ), showValue: showValues))
                }
            }
            let bottom = top + plotHeight
            panel.append(
                SVGNode(
                    "rect",
                    [
                        ("class", "frame"), ("x", SVGNode.number(panelLeft)),
                        ("y", SVGNode.number(top)), ("width", SVGNode.number(panelWidth)),
                        ("height", SVGNode.number(plotHeight)), ("fill", "none"),
                        ("stroke", "#333"),
                    ]))
            panel += AxisDrawing.bottom(
                xLabels.indices.map {
                    AxisDrawing.Tick(position: panelLeft + (Double($0) + 0.5) * cellWidth, label: xLabels[$0])
                }, y: bottom, rotate: rotate)
            if facet == 0 {
                panel += AxisDrawing.left(
                    table.rowsTopDown.enumerated().map { row, y in
                        AxisDrawing.Tick(position: top + (Double(row) + 0.5) * cellHeight, label: yLabels[y])
                    }, x: panelLeft)
            }
            panel.append(AxisDrawing.title(table.x.name, x: panelLeft + panelWidth / 2, y: bottom + tickDepth + 14))
            nodes.append(SVGNode("g", [("class", "panel")], children: panel))
        }
        nodes.append(AxisDrawing.title(yAxis.name, x: 16, y: top + plotHeight / 2, vertical: true))
        if let scale {
            nodes.append(
                HeatmapParts.colorBar(scale, label: table.quantityLabel, x: barX, top: top, height: plotHeight))
        }
        nodes.append(notes(scale, x: left, y: height - 14))
        return SVGNode.document(width: width, height: height, title: title(yAxis), children: nodes)
    }

    private func title(_ yAxis: PhaseAxis) -> String {
        "\(table.quantityLabel) over \(table.x.name) × \(yAxis.name)"
            + (table.facet.map { " by \($0.name)" } ?? "") + table.conditionsSuffix
    }

    private func cellNode(
        _ cell: PhaseCell, scale: ValueScale?, frame: (x: Double, y: Double, width: Double, height: Double),
        showValue: Bool
    ) -> SVGNode {
        let value = cell.statistics.value(of: table.statistic)
        let color = value.flatMap { value in scale.map { $0.color(value) } }
        let marks = CellMarks(statistics: cell.statistics)
        let tooltip = "\(table.coordinates(of: cell)): \(table.valueSummary(of: cell)); \(marks.summary)"
        var nodes = [
            SVGNode(
                "rect",
                [
                    ("class", color == nil ? "cell missing" : "cell"),
                    ("x", SVGNode.number(frame.x)), ("y", SVGNode.number(frame.y)),
                    ("width", SVGNode.number(frame.width)), ("height", SVGNode.number(frame.height)),
                    ("fill", color?.hex ?? "url(#missing)"),
                ], children: [SVGNode("title", text: tooltip)])
        ]
        if showValue, frame.height >= 16 {
            let (x, y) = (frame.x + frame.width / 2, frame.y + frame.height / 2 + 3.5)
            nodes.append(
                .label(
                    table.cellLabel(cell, scale: scale), x: x, y: y, className: "cell-value",
                    extra: [("fill", (color?.contrastingText ?? RGB(85, 85, 85)).hex)]))
        }
        return SVGNode("g", children: nodes)
    }

    private func notes(_ scale: ValueScale?, x: Double, y: Double) -> SVGNode {
        var parts = CellMarks.legendEntries(for: table, missing: "hatched: no result yet (r running, p pending)")
        parts += table.beyondScaleEntries(scale)
        if let scale { parts.append("colour scale \(scale.description)") }
        parts.append(table.taskSummary)
        return .label(parts.joined(separator: " · "), x: x, y: y, anchor: "start", className: "note")
    }
}
