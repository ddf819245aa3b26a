import Foundation

/// An element of an SVG document, written out as escaped XML.
struct SVGNode: Sendable {
    var name: String
    var attributes: [(String, String)]
    var children: [SVGNode]
    var text: String?

    init(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// A <text> element at (x, y).
    static func label(
        _ text: String, x: Double, y: Double, anchor: String = "middle", className: String,
        extra: [(String, String)] = []
    ) -> SVGNode {
        SVGNode(
            "text", [("class", className), ("x", number(x)), ("y", number(y)), ("text-anchor", anchor)] + extra,
            text: text)
    }

    /// A <line> element.
    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, className: String) -> SVGNode {
        SVGNode(
            "line",
            [
                ("class", className), ("x1", number(x1)), ("y1", number(y1)), ("x2", number(x2)),
                ("y2", number(y2)),
            ])
    }

    /// A coordinate with at most two decimals.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let whole = String(hundredths.magnitude / 100)
        let sign = hundredths < 0 ? "-" : ""
        let fraction = hundredths.magnitude % 100
        if fraction == 0 { return sign + whole }
        let decimals = fraction % 10 == 0 ? "\(fraction / 10)" : fraction < 10 ? "0\(fraction)" : "\(fraction)"
        return sign + whole + "." + decimals
    }

    /// The path through `points` ("M x y L x y ...").
    static func path(_ points: [(Double, Double)], closed: Bool = false) -> String {
        let steps = points.enumerated().map { index, point in
            (index == 0 ? "M" : "L") + number(point.0) + " " + number(point.1)
        }
        return steps.joined(separator: " ") + (closed ? " Z" : "")
    }

    func write(into output: inout String) {
        output += "<" + name
        for (key, value) in attributes { output += " \(key)=\"\(Self.escape(value))\"" }
        if children.isEmpty, text == nil {
            output += "/>"
            return
        }
        output += ">"
        if let text { output += Self.escape(text) }
        for child in children { child.write(into: &output) }
        output += "</\(name)>"
    }

    static func escape(_ text: String) -> String {
        let special: Set<UInt8> = [0x26, 0x3C, 0x3E, 0x22, 0x27]
        guard text.utf8.contains(where: special.contains) else { return text }
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A complete document of `width` × `height` user units holding `children`.
    static func document(width: Double, height: Double, title: String, children: [SVGNode]) -> String {
        let root = SVGNode(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
                ("width", number(width)), ("height", number(height)),
                ("viewBox", "0 0 \(number(width)) \(number(height))"),
                ("font-family", "Helvetica, Arial, sans-serif"), ("font-size", "12"),
            ], children: [SVGNode("title", text: title), style] + children)
        var output = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        root.write(into: &output)
        return output + "\n"
    }

    private static let style = SVGNode(
        "style",
        text: """
            .title { font-size: 16px; font-weight: bold; } .panel-title { font-size: 13px; font-weight: bold; }
            .axis-title { font-size: 13px; } .tick-label, .colorbar-label { font-size: 11px; fill: #333; }
            .axis, .tick, .colorbar-tick { stroke: #333; stroke-width: 1; } .minor-tick { stroke: #999; }
            .grid { stroke: #e5e5e5; stroke-width: 1; } .note { font-size: 11px; fill: #555; }
            .cell-value { font-size: 10px; pointer-events: none; }
            """)
}
