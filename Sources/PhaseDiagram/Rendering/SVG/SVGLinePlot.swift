/// A one-axis phase query as an SVG line plot: the shown statistic against x with its confidence band, one
/// line per facet value, the metric's reference as a dashed curve, and crosses where no result exists yet.
struct SVGLinePlot {
    let table: PhaseTable
    let logarithmic: Bool

    private let plotLeft = 80.0
    private let plotTop = 50.0
    private let plotWidth = 540.0
    private let plotHeight = 340.0
    func render() -> String {
        let width = plotLeft + plotWidth + 24 + legendWidth
        let height = plotTop + plotHeight + 70
        let bottom = plotTop + plotHeight
        let xScale = horizontalScale()
        let yScale = PlotScale(covering: plottedValues(), logarithmic: false, from: bottom, to: plotTop, pad: true)
        let title =
            "\(table.quantityLabel) against \(table.x.name)" + (table.facet.map { " by \($0.name)" } ?? "")
            + table.conditionsSuffix

        var nodes: [SVGNode] = [.label(title, x: width / 2, y: 26, className: "title")]
        let yTicks = yScale.ticks.map { AxisDrawing.Tick(position: yScale.position($0.value), label: $0.label) }
        nodes += yTicks.map { .line(plotLeft, $0.position, plotLeft + plotWidth, $0.position, className: "grid") }
        nodes.append(
            SVGNode(
                "rect",
                [
                    ("class", "frame"), ("x", SVGNode.number(plotLeft)),
                    ("y", SVGNode.number(plotTop)), ("width", SVGNode.number(plotWidth)),
                    ("height", SVGNode.number(plotHeight)), ("fill", "none"), ("stroke", "#333"),
                ]))
        nodes.append(
            SVGNode(
                "clipPath", [("id", clipID)],
                children: [
                    SVGNode(
                        "rect",
                        [
                            ("x", SVGNode.number(plotLeft)), ("y", SVGNode.number(plotTop)),
                            ("width", SVGNode.number(plotWidth)), ("height", SVGNode.number(plotHeight)),
                        ])
                ]))
        nodes += AxisDrawing.left(yTicks, x: plotLeft)
        nodes += AxisDrawing.bottom(xTicks(xScale), y: bottom)
        nodes.append(
            AxisDrawing.title(
                table.x.name + (logarithmic ? " (log scale)" : ""),
                x: plotLeft + plotWidth / 2, y: bottom + 44))
        nodes.append(AxisDrawing.title(table.quantityLabel, x: 22, y: plotTop + plotHeight / 2, vertical: true))
        for facet in table.facetIndices {
            nodes.append(series(facet: facet, x: { xPosition($0, scale: xScale) }, y: yScale.position))
        }
        nodes.append(legend(x: plotLeft + plotWidth + 24, y: plotTop + 6))
        return SVGNode.document(width: width, height: height, title: title, children: nodes)
    }

    /// Numeric axes get a true scale (log when asked); other axes place their values evenly.
    private func horizontalScale() -> PlotScale? {
        guard let numbers = table.x.numericValues else { return nil }
        return PlotScale(
            covering: numbers, logarithmic: logarithmic, from: plotLeft + 16,
            to: plotLeft + plotWidth - 16, pad: false)
    }

    private func xPosition(_ index: Int, scale: PlotScale?) -> Double {
        if let scale, let value = table.x.values[index].doubleValue { return scale.position(value) }
        let count = Double(table.x.values.count)
        return plotLeft + (Double(index) + 0.5) * plotWidth / count
    }

    private func xTicks(_ scale: PlotScale?) -> [AxisDrawing.Tick] {
        guard let scale else {
            let labels = table.x.labels
            return labels.indices.map { AxisDrawing.Tick(position: xPosition($0, scale: nil), label: labels[$0]) }
        }
        return scale.ticks.map { AxisDrawing.Tick(position: scale.position($0.value), label: $0.label) }
    }

    /// The values the vertical axis must show: every centre and reference, and the intervals as far as one
    /// more span of the centres beyond them. A few degenerate seeds can stretch a bootstrap interval by orders
    /// of magnitude; such a band is clipped at the plot's edge rather than flattening every line.
    private func plottedValues() -> [Double] {
        let centres = table.cells.flatMap { cell in
            [
                cell.statistics.value(of: table.statistic), cell.statistics.referenceMean,
                table.showsMedian ? cell.statistics.median : nil,
            ].compactMap { $0 }
        }
        guard let low = centres.min(), let high = centres.max() else { return [] }
        let span = max(high - low, abs(high) * 0.1, 1e-12)
        let intervals = table.cells.flatMap { cell in
            [table.band(of: cell.statistics), table.showsMedian ? cell.statistics.interval(of: .median) : nil]
        }
        let bounds = intervals.compactMap { $0 }.flatMap { [$0.low, $0.high] }
            .map { min(max($0, low - span), high + span) }
        return centres + bounds
    }

    private var clipID: String { "plot-area" }

    private func color(_ facet: Int) -> String { ColorMap.categorical[facet % ColorMap.categorical.count].hex }

    private func series(facet: Int, x: (Int) -> Double, y: (Double) -> Double) -> SVGNode {
        let cells = table.x.values.indices.map { table.cell(x: $0, facet: facet) }
        let color = color(facet)
        var nodes: [SVGNode] = []
        for run in runs(cells.map { table.band(of: $0.statistics) }) where run.count > 1 {
            let upper = run.map { (x($0.index), y($0.value.high)) }
            let lower = run.reversed().map { (x($0.index), y($0.value.low)) }
            nodes.append(
                SVGNode(
                    "path",
                    [
                        ("class", "ci-band"), ("d", SVGNode.path(upper + lower, closed: true)),
                        ("fill", color), ("fill-opacity", "0.2"), ("stroke", "none"),
                        ("clip-path", "url(#\(clipID))"),
                    ]))
        }
        for run in runs(cells.map { $0.statistics.value(of: table.statistic) }) where run.count > 1 {
            let points = run.map { (x($0.index), y($0.value)) }
            nodes.append(
                SVGNode(
                    "path",
                    [
                        ("class", "series"), ("d", SVGNode.path(points)), ("fill", "none"),
                        ("stroke", color), ("stroke-width", "2"),
                    ]))
        }
        for run in runs(cells.map(\.statistics.referenceMean)) {
            let points = run.map { (x($0.index), y($0.value)) }
            nodes.append(
                SVGNode(
                    "path",
                    [
                        ("class", "reference"), ("d", SVGNode.path(points)), ("fill", "none"),
                        ("stroke", color), ("stroke-width", "1.5"), ("stroke-dasharray", "6 4"),
                    ]))
        }
        for (index, cell) in cells.enumerated() {
            let tooltip = SVGNode(
                "title",
                text: "\(table.coordinates(of: cell)): \(table.valueSummary(of: cell)); "
                    + CellMarks(statistics: cell.statistics).summary)
            if let value = cell.statistics.value(of: table.statistic) {
                nodes.append(
                    SVGNode(
                        "circle",
                        [
                            ("class", "point"), ("cx", SVGNode.number(x(index))),
                            ("cy", SVGNode.number(y(value))), ("r", "3.5"), ("fill", color),
                        ],
                        children: [tooltip]))
            } else {
                nodes.append(
                    SVGNode(
                        "text",
                        [
                            ("class", "missing-point"), ("x", SVGNode.number(x(index))),
                            ("y", SVGNode.number(plotTop + plotHeight - 6)),
                            ("text-anchor", "middle"), ("fill", "#888"),
                        ],
                        text: "×", children: [tooltip]))
            }
        }
        if table.showsMedian {
            nodes += cells.indices.compactMap { medianMark(cells[$0], x: x($0) + 5, y: y, color: color) }
        }
        let name = table.facet.map { "series \($0.name)=\($0.values[facet])" } ?? "series"
        return SVGNode("g", [("class", name)], children: nodes)
    }

    /// A cell's median as an open diamond beside its point, on a bar spanning the median's interval.
    private func medianMark(_ cell: PhaseCell, x: Double, y: (Double) -> Double, color: String) -> SVGNode? {
        guard let median = cell.statistics.median else { return nil }
        var nodes: [SVGNode] = []
        if let interval = cell.statistics.interval(of: .median) {
            nodes.append(
                SVGNode(
                    "line",
                    [
                        ("class", "median-ci"), ("x1", SVGNode.number(x)), ("y1", SVGNode.number(y(interval.low))),
                        ("x2", SVGNode.number(x)), ("y2", SVGNode.number(y(interval.high))), ("stroke", color),
                        ("stroke-width", "1.2"), ("clip-path", "url(#\(clipID))"),
                    ]))
        }
        nodes.append(Self.diamond(x: x, y: y(median), color: color, className: "median"))
        let tooltip =
            "\(table.coordinates(of: cell)): median \(NumberText.compact(median, digits: 4))"
            + (cell.statistics.interval(of: .median).map {
                " [\(NumberText.compact($0.low, digits: 4)), \(NumberText.compact($0.high, digits: 4))]"
            } ?? "")
        return SVGNode("g", [("class", "median-mark")], children: nodes + [SVGNode("title", text: tooltip)])
    }

    private static func diamond(x: Double, y: Double, color: String, className: String) -> SVGNode {
        let points = [(x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y)]
        return SVGNode(
            "path",
            [
                ("class", className), ("d", SVGNode.path(points, closed: true)), ("fill", "white"),
                ("stroke", color), ("stroke-width", "1.5"),
            ])
    }

    /// Maximal runs of consecutive indices where `values` is present.
    private func runs<Value>(_ values: [Value?]) -> [[(index: Int, value: Value)]] {
        var result: [[(index: Int, value: Value)]] = []
        var current: [(index: Int, value: Value)] = []
        for (index, value) in values.enumerated() {
            if let value {
                current.append((index, value))
            } else if !current.isEmpty {
                result.append(current)
                current = []
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private var legendWidth: Double {
        legendEntries.map { 48 + Double($0.label.count) * 7 }.max() ?? 0
    }

    private func legend(x: Double, y: Double) -> SVGNode {
        let rows = legendEntries.enumerated().map { index, entry in
            SVGNode(
                "g", [("transform", "translate(0 \(SVGNode.number(Double(index) * 20)))")],
                children: [
                    entry.sample, .label(entry.label, x: 32, y: 4, anchor: "start", className: "legend-label"),
                ])
        }
        let origin = "translate(\(SVGNode.number(x)) \(SVGNode.number(y)))"
        return SVGNode("g", [("class", "legend"), ("transform", origin)], children: rows)
    }

    private var legendEntries: [(sample: SVGNode, label: String)] {
        var entries: [(sample: SVGNode, label: String)] = []
        func line(_ color: String, dashed: Bool) -> SVGNode {
            SVGNode(
                "line",
                [
                    ("x1", "0"), ("y1", "0"), ("x2", "24"), ("y2", "0"), ("stroke", color),
                    ("stroke-width", "2"),
                ] + (dashed ? [("stroke-dasharray", "6 4")] : []))
        }
        for facet in table.facetIndices {
            let label = table.facet.map { "\($0.name) = \($0.values[facet])" } ?? table.quantityLabel
            entries.append((line(color(facet), dashed: false), label))
        }
        if let reference = table.reference {
            entries.append((line("#555555", dashed: true), "\(reference) (reference)"))
        }
        let band = SVGNode(
            "rect",
            [
                ("x", "0"), ("y", "-6"), ("width", "24"), ("height", "12"), ("fill", "#555555"),
                ("fill-opacity", "0.2"),
            ])
        entries.append((band, "shaded: \(table.bandLabel)"))
        if table.showsMedian {
            let sample = SVGNode(
                "g",
                children: [
                    SVGNode(
                        "line", [("x1", "12"), ("y1", "-7"), ("x2", "12"), ("y2", "7"), ("stroke", "#555555")]),
                    Self.diamond(x: 12, y: 0, color: "#555555", className: "legend-median"),
                ])
            entries.append((sample, "median, bar: \(table.medianIntervalLabel)"))
        }
        if table.cells.contains(where: { $0.statistics.value(of: table.statistic) == nil }) {
            entries.append(
                (
                    SVGNode(
                        "text", [("x", "12"), ("y", "4"), ("text-anchor", "middle"), ("fill", "#888")],
                        text: "×"), "no result yet"
                ))
        }
        return entries
    }
}
