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

/// A map from the values a diagram shows to 0...1, for colours and bars.
struct ValueScale: Sendable {
    let low: Double
    let high: Double

    /// The range of `table`'s shown values, widened when they are all equal; nil when none exists.
    init?(_ table: PhaseTable) {
        guard let range = table.valueRange else { return nil }
        self.init(low: range.low, high: range.high)
    }

    init(low: Double, high: Double) {
        if high > low {
            self.low = low
            self.high = high
        } else {
            let pad = low == 0 ? 0.5 : abs(low) * 0.05
            self.low = low - pad
            self.high = high + pad
        }
    }

    func fraction(_ value: Double) -> Double { (value - low) / (high - low) }

    func color(_ value: Double) -> RGB { ColorMap.viridis(fraction(value)) }
}
