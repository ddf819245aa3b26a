/// The named parameter values of one task, kept in key order so that their text is canonical.
public struct Parameters: Sendable, Hashable, Codable, Sequence {
    public private(set) var values: [String: ParamValue]

    public init(_ values: [String: ParamValue] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> ParamValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public var names: [String] { values.keys.sorted() }

    public func makeIterator() -> AnyIterator<(name: String, value: ParamValue)> {
        var names = self.names.makeIterator()
        return AnyIterator { names.next().map { ($0, values[$0]!) } }
    }

    /// `{"a":1,"seed":0}`: sorted keys, canonical values, no spaces.
    public var canonicalJSON: String {
        var text = "{"
        for (index, name) in names.enumerated() {
            if index > 0 { text += "," }
            text += JSONText.quote(name)
            text += ":"
            text += values[name]!.canonicalJSON
        }
        return text + "}"
    }

    public init(from decoder: Decoder) throws {
        values = try [String: ParamValue](from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try values.encode(to: encoder)
    }
}
