/// The named numbers a run reports, in the order the experiment lists them.
///
/// Encoded as a JSON object; a value that is not finite is written as `null` and read back as NaN.
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

    /// Reads `jsonText` back (names in text order); `null` becomes NaN.
    public init(jsonText text: String) throws {
        for (name, value) in try CanonicalJSONReader.pairs(text, allowNull: true).sorted(by: { $0.key < $1.key }) {
            guard case .number(let number) = value else {
                throw CanonicalJSONReader.Malformed(problem: "metric '\(name)' is not a number")
            }
            self[name] = number
        }
    }

    /// `{"name":value,...}` in the metrics' own order.
    public var jsonText: String {
        "{" + names.map { JSONText.quote($0) + ":" + JSONText.number(values[$0]!) }.joined(separator: ",") + "}"
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
            self[key.stringValue] = try container.decodeIfPresent(Double.self, forKey: key) ?? .nan
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Name.self)
        for (name, value) in self {
            if value.isFinite {
                try container.encode(value, forKey: Name(stringValue: name))
            } else {
                try container.encodeNil(forKey: Name(stringValue: name))
            }
        }
    }
}
