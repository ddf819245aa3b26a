/// Why a phase query cannot be answered, with what the sweep does have.
public enum PhaseQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownAxis(name: String, available: [String])
    case unknownMetric(name: String, available: [String])
    case axisDoesNotVary(name: String, value: String)
    case axisRepeated(name: String)

    public var description: String {
        switch self {
        case .unknownAxis(let name, let available):
            "unknown axis '\(name)'; the sweep's axes are: \(Self.list(available))"
        case .unknownMetric(let name, let available):
            "unknown metric '\(name)'; the results report: \(Self.list(available))"
        case .axisDoesNotVary(let name, let value):
            "axis '\(name)' does not vary (its only value is \(value)); choose an axis with several values"
        case .axisRepeated(let name):
            "axis '\(name)' is used twice; --x, --y and --facet need different axes"
        }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.joined(separator: ", ")
    }
}
