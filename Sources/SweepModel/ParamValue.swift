import Foundation

/// One parameter value of a task: a number, a string or a boolean.
///
/// Numbers a sweep file or a command line writes are kept exactly as written (the nearest Double, no
/// negative zero); only numbers that `linspace`/`logspace` compute are canonicalised (`canonicalNumber`,
/// 12 significant digits), so that the same generated point always has the same text, identity and hash.
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
    /// A number that cannot be kept exactly (see `reading`) is read as text.
    public static func parse(_ text: String) -> ParamValue {
        (try? reading(text)) ?? .string(text)
    }

    /// Reads a scalar written in a sweep file or on a command line: booleans, then numbers, else text.
    ///
    /// A number keeps the exact value written (the nearest Double for a decimal fraction). An integer
    /// written with digits only must lie within ±2^53, where every integer has its own Double; a number
    /// must be finite.
    public static func reading(_ text: String) throws(WrittenNumberProblem) -> ParamValue {
        switch text {
        case "true", "True", "TRUE", "yes": return .bool(true)
        case "false", "False", "FALSE", "no": return .bool(false)
        default: break
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        guard text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true,
            let number = Double(digits)
        else { return .string(text) }
        guard number.isFinite else { throw .notFinite(text) }
        if isIntegerLiteral(digits), Int64(digits).map({ $0.magnitude > 1 << 53 }) ?? true {
            throw .integerNotExact(text)
        }
        return .number(number == 0 ? 0 : number)
    }

    private static func isIntegerLiteral(_ text: String) -> Bool {
        let unsigned = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !unsigned.isEmpty && unsigned.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
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

/// Why a number written in a sweep file or on a command line cannot be used as it is.
public enum WrittenNumberProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// An integer beyond ±2^53, which no Double holds exactly.
    case integerNotExact(String)
    /// A number too large for a Double (or written as infinity).
    case notFinite(String)

    public var description: String {
        switch self {
        case .integerNotExact(let text):
            "the integer \(text) is beyond 2^53 (9007199254740992), where numbers are no longer exact; "
                + "write it as a quoted string if it is a label"
        case .notFinite(let text): "\(text) is not a finite number"
        }
    }
}
