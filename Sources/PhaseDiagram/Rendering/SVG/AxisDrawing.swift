/// Tick marks, tick labels and axis titles for the sides of a plot.
enum AxisDrawing {
    /// A tick at `position` along the axis; unlabelled ticks are drawn short (minor ticks).
    struct Tick {
        var position: Double
        var label: String?
    }

    /// Ticks below a horizontal axis at page height `y`, labels rotated when `rotate` is set.
    static func bottom(_ ticks: [Tick], y: Double, rotate: Bool = false) -> [SVGNode] {
        ticks.flatMap { tick -> [SVGNode] in
            guard let label = tick.label else {
                return [.line(tick.position, y, tick.position, y + 3, className: "minor-tick x-tick")]
            }
            let turn = "rotate(-45 \(SVGNode.number(tick.position)) \(SVGNode.number(y + 14)))"
            let text: SVGNode =
                rotate
                ? .label(
                    label, x: tick.position, y: y + 14, anchor: "end", className: "tick-label x-tick-label",
                    extra: [("transform", turn)])
                : .label(label, x: tick.position, y: y + 17, className: "tick-label x-tick-label")
            return [.line(tick.position, y, tick.position, y + 5, className: "tick x-tick"), text]
        }
    }

    /// Ticks left of a vertical axis at page position `x`.
    static func left(_ ticks: [Tick], x: Double) -> [SVGNode] {
        ticks.flatMap { tick -> [SVGNode] in
            guard let label = tick.label else {
                return [.line(x - 3, tick.position, x, tick.position, className: "minor-tick y-tick")]
            }
            return [
                .line(x - 5, tick.position, x, tick.position, className: "tick y-tick"),
                .label(label, x: x - 8, y: tick.position + 4, anchor: "end", className: "tick-label y-tick-label"),
            ]
        }
    }

    /// An axis title centred under (horizontal) or beside (vertical, rotated) a span.
    static func title(_ text: String, x: Double, y: Double, vertical: Bool = false) -> SVGNode {
        vertical
            ? .label(
                text, x: x, y: y, className: "axis-title y-axis-title",
                extra: [("transform", "rotate(-90 \(SVGNode.number(x)) \(SVGNode.number(y)))")])
            : .label(text, x: x, y: y, className: "axis-title x-axis-title")
    }

    /// Rough width of `text` in 11-pixel tick labels.
    static func textWidth(_ text: String) -> Double { Double(text.count) * 6.5 }
}
