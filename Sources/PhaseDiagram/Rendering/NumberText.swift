import Foundation

/// How numbers are written in tables, labels and exports.
enum NumberText {
    /// Exact, shortest round-trip text for exports ("0.1", "2.5e-07"), or nil for a non-finite value.
    static func exact(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// About `digits` significant digits, without an exponent for moderate magnitudes: "0.123", "45.6",
    /// "1.23e-05".
    static func compact(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let digits = Swift.min(Swift.max(digits, 1), 15)
        var magnitude = Int(log10(abs(value)).rounded(.down))
        if magnitude >= -3, magnitude < 6 {
            return fixed(value, decimals: Swift.max(0, digits - 1 - magnitude))
        }
        var mantissa = value / pow(10, Double(magnitude))
        if abs(fixedScaled(mantissa, digits - 1)) >= tenPower(digits) {
            magnitude += 1
            mantissa /= 10
        }
        return fixed(mantissa, decimals: digits - 1) + "e\(magnitude)"
    }

    /// `value` rounded to `decimals` places, without trailing fractional zeros: 0.5, 2, -0.0123.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        let scaled = fixedScaled(value, decimals)
        if scaled == 0 { return "0" }
        var whole = scaled.magnitude
        var places = decimals
        while places > 0, whole % 10 == 0 {
            whole /= 10
            places -= 1
        }
        var text = String(whole)
        if places > 0 {
            if text.count <= places { text = String(repeating: "0", count: places - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -places))
        }
        return scaled < 0 ? "-" + text : text
    }

    private static func fixedScaled(_ value: Double, _ decimals: Int) -> Int64 {
        Int64((value * pow(10, Double(decimals))).rounded())
    }

    private static func tenPower(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { result, _ in result * 10 }
    }
}
