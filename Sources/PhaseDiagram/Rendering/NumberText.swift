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
        let magnitude = Int(log10(abs(value)).rounded(.down))
        if magnitude >= -3, magnitude < 6 {
            let decimals = Swift.max(0, digits - 1 - magnitude)
            return trimmed(String(format: "%.\(decimals)f", value))
        }
        let text = String(format: "%.\(Swift.max(0, digits - 1))e", value)
        guard let split = text.firstIndex(of: "e") else { return text }
        let exponent = Int(text[text.index(after: split)...]) ?? 0
        return trimmed(String(text[..<split])) + "e\(exponent)"
    }

    /// `text` without trailing fractional zeros: "0.500" → "0.5", "2.00" → "2".
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return result == "-0" ? "0" : String(result)
    }
}
