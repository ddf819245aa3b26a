/// The named numbers a run reports, in the order the experiment lists them.
///
/// Encoded as a JSON object of numbers. A value that is not finite is kept, as one of the strings
/// `"NaN"`, `"Infinity"` and `"-Infinity"` (JSON has no such numbers), and read back as that value;
/// `null`, which texts written before this rule hold for any non-finite value, is read back as NaN.
public struct Metrics: Sendable, Hashable, Codable, Sequence {
    public private(set) var names: [String] = []
    public private(set) var values: [String: Double] = [:]

    public init() {}

    public init(_ pairs: KeyValuePairs<String, Double>) {
        for (name, value) in pairs { self[name] = value }
    }

    public subscript(name: String) -> Double? {
        get { values[name] }
        set {
            if values[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            values[name] = newValue
        }
    }

    public func makeIterator() -> AnyIterator<(name: String, value: Double)> {
        var iterator = names.makeIterator()
        return AnyIterator { iterator.next().map { ($0, values[$0]!) } }
    }

    /// Reads `jsonText` back (names in sorted order); `null` becomes NaN.
    public init(jsonText text: String) throws {
        for (name, value) in try CanonicalJSONReader.pairs(text, allowNull: true).sorted(by: { $0.key < $1.key }) {
            guard let number = Self.number(value) else {
                throw CanonicalJSONReader.Malformed(problem: "metric '\(name)' is not a number")
            }
            self[name] = number
        }
    }

    /// `{"name":value,...}` in the metrics' own order, non-finite values as their strings.
    public var jsonText: String {
        "{" + names.map { JSONText.quote($0) + ":" + Self.text(of: values[$0]!) }.joined(separator: ",") + "}"
    }

    /// The strings that stand for the non-finite values in metric texts.
    public static let nonFiniteNames: [(text: String, value: Double)] = [
        ("NaN", .nan), ("Infinity", .infinity), ("-Infinity", -.infinity),
    ]

    /// A metric's JSON text: a number, or the quoted name of a non-finite value.
    public static func text(of value: Double) -> String {
        if value.isFinite { return JSONText.number(value) }
        return JSONText.quote(value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))
    }

    /// The value of a non-finite value's name, nil for any other text.
    public static func nonFiniteValue(named name: String) -> Double? {
        nonFiniteNames.first { $0.text == name }?.value
    }

    private static func number(_ value: ParamValue) -> Double? {
        switch value {
        case .number(let number): number
        case .string(let text): nonFiniteValue(named: text)
        case .bool: nil
        }
    }

    private struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Name.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            if let text = try? container.decode(String.self, forKey: key) {
                guard let value = Self.nonFiniteValue(named: text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container, debugDescription: "metric '\(text)' is not a number")
                }
                self[key.stringValue] = value
            } else {
                self[key.stringValue] = try container.decodeIfPresent(Double.self, forKey: key) ?? .nan
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for (name, value) in self {
            if value.isFinite {
                try container.encode(value, forKey: Name(stringValue: name))
            } else {
                try container.encode(
                    value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"),
                    forKey: Name(stringValue: name))
            }
        }
    }
}
