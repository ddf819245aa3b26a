import Foundation

/// One parameter value of a task: a number, a string or a boolean.
///
/// Numbers are canonicalised on creation (12 significant digits, no negative zero), so that the same
/// point of a sweep always has the same text, the same identity and the same hash.
public enum ParamValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)

    /// A number rounded to the canonical precision.
    public static func canonicalNumber(_ value: Double) -> ParamValue {
        .number(ParamValue.canonicalise(value))
    }

    static func canonicalise(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value == 0 ? 0 : value }
        let rounded = Double(String(format: "%.12g", value)) ?? value
        return rounded == 0 ? 0 : rounded
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let value): value
        case .bool(let flag): flag ? 1 : 0
        case .string(let text): Double(text)
        }
    }

    /// The value as an integer, when it is a number with no fractional part.
    public var intValue: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Canonical JSON text of the value: integers without a fraction, other numbers in their shortest
    /// round-trip form.
    public var canonicalJSON: String {
        switch self {
        case .number(let value): ParamValue.numberText(value)
        case .string(let text): JSONText.quote(text)
        case .bool(let flag): flag ? "true" : "false"
        }
    }

    public var description: String {
        switch self {
        case .number(let value): ParamValue.numberText(value)
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        }
    }

    static func numberText(_ value: Double) -> String {
        if !value.isFinite { return value.isNaN ? "null" : (value > 0 ? "1e999" : "-1e999") }
        return JSONText.number(value)
    }

    /// Reads a scalar written in a sweep file or on a command line: booleans, then numbers, else text.
    public static func parse(_ text: String) -> ParamValue {
        switch text {
        case "true", "True", "TRUE", "yes": return .bool(true)
        case "false", "False", "FALSE", "no": return .bool(false)
        default: break
        }
        if let number = Double(text.replacingOccurrences(of: "_", with: "")), number.isFinite,
           text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
            return .canonicalNumber(number)
        }
        return .string(text)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let text): try container.encode(text)
        case .bool(let flag): try container.encode(flag)
        }
    }
}
