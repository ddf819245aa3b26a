/// The named numbers a run reports, in the order the experiment lists them.
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
}
