import Foundation

/// An sRGB colour with 8-bit channels.
struct RGB: Sendable, Hashable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    var hex: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [red, green, blue] {
            text.append(digits[Int(channel >> 4)])
            text.append(digits[Int(channel & 0xF)])
        }
        return text
    }

    /// Relative luminance, to choose readable text on top of the colour.
    var luminance: Double {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour.
    var contrastingText: RGB { luminance > 0.18 ? RGB(0, 0, 0) : RGB(255, 255, 255) }
}

/// The perceptually uniform viridis colour map, interpolated between eleven evenly spaced anchors.
enum ColorMap {
    static let viridisAnchors: [RGB] = [
        RGB(0x44, 0x01, 0x54), RGB(0x48, 0x24, 0x75), RGB(0x41, 0x44, 0x87), RGB(0x35, 0x5F, 0x8D),
        RGB(0x2A, 0x78, 0x8E), RGB(0x21, 0x91, 0x8C), RGB(0x22, 0xA8, 0x84), RGB(0x44, 0xBF, 0x70),
        RGB(0x7A, 0xD1, 0x51), RGB(0xBD, 0xDF, 0x26), RGB(0xFD, 0xE7, 0x25),
    ]

    /// The colour at `fraction` (clamped to 0...1) of the map.
    static func viridis(_ fraction: Double) -> RGB {
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let position = clamped * Double(viridisAnchors.count - 1)
        let index = min(Int(position), viridisAnchors.count - 2)
        let weight = position - Double(index)
        let (from, to) = (viridisAnchors[index], viridisAnchors[index + 1])
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + weight * (Double(b) - Double(a))).rounded())
        }
        return RGB(mix(from.red, to.red), mix(from.green, to.green), mix(from.blue, to.blue))
    }

    /// Distinct colours for lines (the Okabe–Ito palette, safe for colour-blind readers).
    static let categorical: [RGB] = [
        RGB(0x00, 0x72, 0xB2), RGB(0xD5, 0x5E, 0x00), RGB(0x00, 0x9E, 0x73), RGB(0xCC, 0x79, 0xA7),
        RGB(0xE6, 0x9F, 0x00), RGB(0x56, 0xB4, 0xE9), RGB(0xF0, 0xE4, 0x42), RGB(0x00, 0x00, 0x00),
    ]
}

/// The range of values a diagram's colours span, and where a value falls on it.
struct ValueScale: Sendable {
    /// Where a value lies with respect to the scale's range.
    enum Placement: Sendable {
        case below, within, above
    }

    let low: Double
    let high: Double
    let mode: ColorScaleMode

    /// The scale `table.colorScale` asks for (linear for a one-axis list unless log) over its shown values,
    /// widened when they are all equal; nil when no cell has a finite value (or, on a log scale, a positive one).
    init?(_ table: PhaseTable) {
        let values = table.cells.compactMap { $0.statistics.value(of: table.statistic) }.filter(\.isFinite).sorted()
        switch table.y == nil && table.colorScale == .robust ? .linear : table.colorScale {
        case .linear:
            guard let low = values.first, let high = values.last else { return nil }
            self.init(low: low, high: high, mode: .linear)
        case .robust:
            guard let low = Statistics.percentile(sorted: values, 0.02),
                let high = Statistics.percentile(sorted: values, 0.98)
            else { return nil }
            self.init(low: low, high: high, mode: .robust)
        case .log:
            let positive = values.filter { $0 > 0 }
            guard let low = positive.first, let high = positive.last else { return nil }
            self.init(low: low, high: high, mode: .log)
        }
    }

    init(low: Double, high: Double, mode: ColorScaleMode = .linear) {
        self.mode = mode
        if high > low {
            self.low = low
            self.high = high
        } else if mode == .log {
            self.low = low / 1.1
            self.high = high * 1.1
        } else {
            let pad = low == 0 ? 0.5 : abs(low) * 0.05
            self.low = low - pad
            self.high = high + pad
        }
    }

    /// The value's share of the range: 0 at `low`, 1 at `high`, beyond for values outside it.
    func fraction(_ value: Double) -> Double {
        guard mode == .log else { return (value - low) / (high - low) }
        guard value > 0 else { return -.infinity }
        return (Foundation.log(value) - Foundation.log(low)) / (Foundation.log(high) - Foundation.log(low))
    }

    func color(_ value: Double) -> RGB { ColorMap.viridis(max(fraction(value), 0)) }

    func placement(of value: Double) -> Placement {
        value < low ? .below : value > high ? .above : .within
    }

    /// "linear", "log", or "robust: 2nd to 98th percentile", for legends.
    var description: String {
        switch mode {
        case .linear: "linear"
        case .log: "log"
        case .robust: "robust: 2nd to 98th percentile"
        }
    }
}
