/// What every heatmap figure shares: the viridis gradient and the hatching of cells without a result, and the
/// colour bar.
enum HeatmapParts {
    /// The gradient (`#viridis`) and the hatch pattern (`#missing`) the cells and the colour bar refer to.
    static func definitions() -> SVGNode {
        let stops = ColorMap.viridisAnchors.enumerated().map { index, color in
            SVGNode(
                "stop",
                [
                    ("offset", SVGNode.number(Double(index) / Double(ColorMap.viridisAnchors.count - 1))),
                    ("stop-color", color.hex),
                ])
        }
        return SVGNode(
            "defs",
            children: [
                SVGNode(
                    "linearGradient", [("id", "viridis"), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")],
                    children: stops),
                SVGNode(
                    "pattern",
                    [
                        ("id", "missing"), ("width", "6"), ("height", "6"),
                        ("patternUnits", "userSpaceOnUse"), ("patternTransform", "rotate(45)"),
                    ],
                    children: [
                        SVGNode("rect", [("width", "6"), ("height", "6"), ("fill", "#eeeeee")]),
                        SVGNode(
                            "line",
                            [
                                ("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", "#aaaaaa"),
                                ("stroke-width", "2"),
                            ]),
                    ]),
            ])
    }

    /// The title over panel `facet` (`tau = 0.1`), centred over `x` to `x + width`; nil without a facet axis.
    static func panelTitle(_ table: PhaseTable, facet: Int, x: Double, width: Double, top: Double) -> SVGNode? {
        guard let facetAxis = table.facet else { return nil }
        return .label(
            "\(facetAxis.name) = \(facetAxis.values[facet])", x: x + width / 2, y: top - 10, className: "panel-title")
    }

    /// The colour bar for `scale`, with its ticks and `label` beside it.
    static func colorBar(_ scale: ValueScale, label: String, x: Double, top: Double, height: Double) -> SVGNode {
        let axis = PlotScale(
            covering: [scale.low, scale.high], logarithmic: scale.mode == .log, from: top + height, to: top,
            pad: false)
        var nodes = [
            SVGNode(
                "rect",
                [
                    ("class", "colorbar-ramp"), ("x", SVGNode.number(x)), ("y", SVGNode.number(top)),
                    ("width", "16"), ("height", SVGNode.number(height)),
                    ("fill", "url(#viridis)"), ("stroke", "#333"),
                ])
        ]
        for tick in axis.ticks {
            let y = axis.position(tick.value)
            nodes.append(.line(x + 16, y, x + 21, y, className: "colorbar-tick"))
            nodes.append(.label(tick.label ?? "", x: x + 24, y: y + 4, anchor: "start", className: "colorbar-label"))
        }
        nodes.append(AxisDrawing.title(label, x: x + 74, y: top + height / 2, vertical: true))
        return SVGNode("g", [("class", "colorbar")], children: nodes)
    }
}
