import Foundation

/// A boundary drawn over its cells: one panel per facet value, each cell a rectangle at its place on true
/// (linear or log) axes, reaching halfway to its neighbours along its row and its column, so that refined
/// cells are small where the grid was refined; the crossing x* of every row as a line, and its interval as bars.
/// Without a y axis a panel is one band, the crossing a vertical line over its shaded interval.
struct SVGBoundaryMap {
    let boundary: PhaseBoundary

    private var table: PhaseTable { boundary.table }
    private let panelWidth = 420.0
    private let left = 70.0
    private let gap = 28.0

    func render() -> String {
        let scale = ValueScale(table)
        let top = 48.0 + (table.facet == nil ? 0 : 22)
        let plotHeight = table.y == nil ? 120.0 : 360.0
        let panels = Double(table.facetIndices.count)
        let barX = left + panels * panelWidth + (panels - 1) * gap + 28
        let width = barX + 16 + 8 + 60 + 36
        let notes = noteLines(scale, characters: Int((width - left) / 6))
        let height = top + plotHeight + 50 + 16 * Double(notes.count) + 14
        let rectangles = CellRectangles(table: table)
        let xScale = PlotScale(
            covering: rectangles.xRange, logarithmic: table.x.isLogarithmic, from: 0, to: panelWidth, pad: false)
        let yScale = PlotScale(
            covering: rectangles.yRange, logarithmic: table.y?.isLogarithmic ?? false, from: top + plotHeight,
            to: top, pad: false)
        let title = boundary.headline + (table.facet.map { " by \($0.name)" } ?? "")

        var nodes: [SVGNode] = [HeatmapParts.definitions(), .label(title, x: width / 2, y: 24, className: "title")]
        for facet in table.facetIndices {
            let panelLeft = left + Double(facet) * (panelWidth + gap)
            let x = { (value: Double) in panelLeft + xScale.position(value) }
            let y = { (value: Double) in yScale.position(value) }
            var panel: [SVGNode] = []
            if let title = HeatmapParts.panelTitle(table, facet: facet, x: panelLeft, width: panelWidth, top: top) {
                panel.append(title)
            }
            for rectangle in rectangles.all where rectangle.facet == facet {
                let (x0, x1) = (x(rectangle.x.lowerBound), x(rectangle.x.upperBound))
                let (y0, y1) =
                    table.y == nil
                    ? (top + plotHeight, top) : (y(rectangle.y.lowerBound), y(rectangle.y.upperBound))
                panel.append(cellNode(rectangle.cell, scale: scale, frame: (x0, y1, x1 - x0, y0 - y1)))
            }
            panel += crossingNodes(facet: facet, x: x, y: y, top: top, bottom: top + plotHeight)
            panel.append(frame(x: panelLeft, y: top, width: panelWidth, height: plotHeight))
            panel += AxisDrawing.bottom(
                xScale.ticks.map { AxisDrawing.Tick(position: x($0.value), label: $0.label) }, y: top + plotHeight)
            if facet == 0, let yAxis = table.y {
                panel += AxisDrawing.left(Self.ticks(yAxis, scale: yScale, at: y), x: panelLeft)
            }
            panel.append(AxisDrawing.title(table.x.name, x: panelLeft + panelWidth / 2, y: top + plotHeight + 38))
            nodes.append(SVGNode("g", [("class", "panel")], children: panel))
        }
        if let yAxis = table.y {
            nodes.append(AxisDrawing.title(yAxis.name, x: 18, y: top + plotHeight / 2, vertical: true))
        }
        if let scale {
            nodes.append(
                HeatmapParts.colorBar(scale, label: table.quantityLabel, x: barX, top: top, height: plotHeight))
        }
        nodes += notes.enumerated().map { index, line in
            .label(line, x: left, y: top + plotHeight + 66 + 16 * Double(index), anchor: "start", className: "note")
        }
        return SVGNode.document(width: width, height: height, title: title, children: nodes)
    }

    /// A tick at each of a few values (up to 12, labelled as in tables), else the scale's own ticks.
    private static func ticks(
        _ axis: PhaseAxis, scale: PlotScale, at position: (Double) -> Double
    )
        -> [AxisDrawing.Tick]
    {
        guard let numbers = axis.numericValues, numbers.count <= 12 else {
            return scale.ticks.map { AxisDrawing.Tick(position: position($0.value), label: $0.label) }
        }
        return zip(numbers, axis.labels).map { AxisDrawing.Tick(position: position($0), label: $1) }
    }

    private func cellNode(
        _ cell: PhaseCell, scale: ValueScale?, frame: (x: Double, y: Double, width: Double, height: Double)
    ) -> SVGNode {
        let color = cell.statistics.median.flatMap { value in scale.map { $0.color(value) } }
        let tooltip =
            "\(table.coordinates(of: cell)): \(table.valueSummary(of: cell)); "
            + CellMarks(statistics: cell.statistics).summary
        return SVGNode(
            "rect",
            [
                ("class", color == nil ? "cell missing" : "cell"), ("x", SVGNode.number(frame.x)),
                ("y", SVGNode.number(frame.y)), ("width", SVGNode.number(frame.width)),
                ("height", SVGNode.number(frame.height)), ("fill", color?.hex ?? "url(#missing)"),
                ("stroke", "#ffffff"), ("stroke-width", "0.3"),
            ], children: [SVGNode("title", text: tooltip)])
    }

    /// The crossings of one facet: a line through x* row by row with bars over their intervals, or, without a
    /// y axis, a vertical line over a shaded interval.
    private func crossingNodes(
        facet: Int, x: (Double) -> Double, y: (Double) -> Double, top: Double, bottom: Double
    ) -> [SVGNode] {
        let crossings = boundary.crossings.filter { $0.facet == table.facet?.values[facet] && $0.x != nil }
        var nodes: [SVGNode] = []
        guard table.y != nil else {
            for crossing in crossings {
                let (low, high, at) = (x(crossing.low!), x(crossing.high!), x(crossing.x!))
                nodes.append(
                    SVGNode(
                        "rect",
                        [
                            ("class", "boundary-interval"), ("x", SVGNode.number(low)), ("y", SVGNode.number(top)),
                            ("width", SVGNode.number(high - low)), ("height", SVGNode.number(bottom - top)),
                            ("fill", "#ffffff"), ("fill-opacity", "0.45"), ("stroke", "#222222"),
                            ("stroke-dasharray", "4 3"),
                        ]))
                nodes += Self.outlined([(at, top), (at, bottom)], className: "boundary")
            }
            return nodes
        }
        let points = crossings.compactMap { crossing in crossing.y?.doubleValue.map { (crossing, $0) } }
        for (crossing, value) in points {
            let row = y(value)
            nodes += Self.outlined([(x(crossing.low!), row), (x(crossing.high!), row)], className: "boundary-interval")
        }
        let line = points.map { (x($0.0.x!), y($0.1)) }
        if line.count > 1 { nodes += Self.outlined(line, className: "boundary") }
        for (point, (crossing, _)) in zip(line, points) {
            let label =
                "\(table.y!.name)=\(crossing.y!): \(table.x.name)* \(NumberText.compact(crossing.x!, digits: 4)) "
                + "[\(NumberText.compact(crossing.low!, digits: 4)), \(NumberText.compact(crossing.high!, digits: 4))]"
            nodes.append(
                SVGNode(
                    "circle",
                    [
                        ("class", "boundary-point"), ("cx", SVGNode.number(point.0)), ("cy", SVGNode.number(point.1)),
                        ("r", "3"), ("fill", Self.lineColor), ("stroke", "#ffffff"), ("stroke-width", "1"),
                    ], children: [SVGNode("title", text: label)]))
        }
        return nodes
    }

    private static let lineColor = "#e0115f"

    /// A path drawn twice, wide in white and narrow in the line colour, so that it reads on any cell colour.
    private static func outlined(_ points: [(Double, Double)], className: String) -> [SVGNode] {
        [("#ffffff", "4.5"), (lineColor, "2")].map { color, width in
            SVGNode(
                "path",
                [
                    ("class", className), ("d", SVGNode.path(points)), ("fill", "none"), ("stroke", color),
                    ("stroke-width", width), ("stroke-linecap", "round"), ("stroke-linejoin", "round"),
                ])
        }
    }

    private func frame(x: Double, y: Double, width: Double, height: Double) -> SVGNode {
        SVGNode(
            "rect",
            [
                ("class", "frame"), ("x", SVGNode.number(x)), ("y", SVGNode.number(y)),
                ("width", SVGNode.number(width)), ("height", SVGNode.number(height)), ("fill", "none"),
                ("stroke", "#333"),
            ])
    }

    /// The legend as lines of at most `characters`: what the line and bars are, hatching, the colour scale, the
    /// task counts.
    private func noteLines(_ scale: ValueScale?, characters: Int) -> [String] {
        var parts = [
            "line: where the cell medians cross \(NumberText.compact(boundary.threshold, digits: 6)) "
                + "(linear between cells)",
            "bars: from their \(table.medianIntervalLabel)" + (boundary.coverageNote.map { " (\($0))" } ?? ""),
        ]
        if table.cells.contains(where: { $0.isPresent && $0.statistics.median == nil }) {
            parts.append("hatched: no result yet")
        }
        if let scale { parts.append("colour scale \(scale.description)") }
        parts.append(table.taskSummary)
        var lines: [String] = []
        for part in parts {
            if let last = lines.last, last.count + 3 + part.count <= characters {
                lines[lines.count - 1] = last + " · " + part
            } else {
                lines.append(part)
            }
        }
        return lines
    }
}

/// Every present cell of a table as a rectangle on the axes' scales: along x halfway to the neighbours in its
/// row, along y halfway to the rows around it (mirrored at an end): the rows the sweep lists tile the plot
/// among themselves, their cells narrow where a row was refined, and rows a refinement added lie over them,
/// halfway to any row. A cell alone on its row takes the span of the nearest other x value in the table.
private struct CellRectangles {
    struct Rectangle {
        var facet: Int
        var cell: PhaseCell
        var x: ClosedRange<Double>
        var y: ClosedRange<Double>
    }

    /// Largest first, so that small cells are drawn over large ones.
    let all: [Rectangle]
    let xRange: [Double]
    let yRange: [Double]

    init(table: PhaseTable) {
        let xScale = AxisPositions(table.x)
        let yScale = table.y.map(AxisPositions.init)
        let rows = table.lines(along: .x).filter { !$0.indices.isEmpty }
        var rectangles: [Rectangle] = []
        for facet in table.facetIndices {
            let facetRows = rows.filter { $0.facet == facet }
            for row in facetRows {
                let spans = xScale.spans(of: row.indices)
                let listed = table.y.map { $0.listed.contains($0.values[row.held]) } ?? true
                let peers = facetRows.filter { !listed || table.y!.listed.contains(table.y!.values[$0.held]) }
                    .map(\.held)
                let band = yScale?.spans(of: peers)[row.held] ?? 0...1
                for index in row.indices {
                    rectangles.append(
                        Rectangle(facet: facet, cell: table.cell(on: row, at: index), x: spans[index]!, y: band))
                }
            }
        }
        func area(_ rectangle: Rectangle) -> Double {
            xScale.length(rectangle.x) * (yScale?.length(rectangle.y) ?? 1)
        }
        all = rectangles.sorted { area($0) > area($1) }
        xRange = all.flatMap { [$0.x.lowerBound, $0.x.upperBound] }
        yRange = all.flatMap { [$0.y.lowerBound, $0.y.upperBound] }
    }
}

/// The values of a numeric axis as positions on its scale (logarithms on a log scale).
private struct AxisPositions {
    let logarithmic: Bool
    let positions: [Double]

    init(_ axis: PhaseAxis) {
        logarithmic = axis.isLogarithmic
        positions = (axis.numericValues ?? axis.values.indices.map(Double.init)).map {
            axis.isLogarithmic ? log10($0) : $0
        }
    }

    func length(_ range: ClosedRange<Double>) -> Double {
        logarithmic ? log10(range.upperBound / range.lowerBound) : range.upperBound - range.lowerBound
    }

    /// The span of each of `indices` (ascending) in the axis's values: halfway to its neighbours among them,
    /// mirrored at an end; a lone index reaches halfway to the nearest other value of the axis.
    func spans(of indices: [Int]) -> [Int: ClosedRange<Double>] {
        var spans: [Int: ClosedRange<Double>] = [:]
        for (offset, index) in indices.enumerated() {
            let here = positions[index]
            var low = offset > 0 ? (here + positions[indices[offset - 1]]) / 2 : nil
            var high = offset + 1 < indices.count ? (here + positions[indices[offset + 1]]) / 2 : nil
            if low == nil, high == nil {
                let nearest =
                    positions.enumerated().filter { $0.offset != index }.map { abs($0.element - here) }.min() ?? 1
                (low, high) = (here - nearest / 2, here + nearest / 2)
            }
            let lower = low ?? here - (high! - here)
            let upper = high ?? here + (here - low!)
            spans[index] = logarithmic ? pow(10, lower)...pow(10, upper) : lower...upper
        }
        return spans
    }
}
