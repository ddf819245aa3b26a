/// Why a phase query cannot be answered, with what the sweep does have.
public enum PhaseQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownAxis(name: String, available: [String])
    case unknownMetric(name: String, available: [String])
    case axisDoesNotVary(name: String, value: String)
    case axisRepeated(name: String)
    /// Axes that vary, are not on the diagram, and were neither fixed nor pooled: each with an example value.
    case axesNeitherFixedNorPooled(axes: [String: String])
    case pooledAxisShown(name: String)

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
        case .axesNeitherFixedNorPooled(let axes):
            Self.neitherFixedNorPooled(axes)
        case .pooledAxisShown(let name):
            "axis '\(name)' is on the diagram (--x, --y or --facet) and cannot also be pooled"
        }
    }

    private static func neitherFixedNorPooled(_ axes: [String: String]) -> String {
        let names = axes.keys.sorted()
        return "not on the diagram, and neither fixed nor pooled: \(names.joined(separator: ", ")) (each cell would "
            + "mix their values with the seeds); fix them with "
            + names.map { "--where \($0)=\(axes[$0]!)" }.joined(separator: " ")
            + ", or pool them explicitly with " + names.map { "--pool \($0)" }.joined(separator: " ")
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.joined(separator: ", ")
    }
}
