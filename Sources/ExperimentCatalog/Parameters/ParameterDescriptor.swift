import SweepModel

/// A parameter an experiment accepts: its name, the values it takes and its default.
public struct ParameterDescriptor: Sendable, Hashable {
    public var name: String
    public var kind: ParameterKind
    public var defaultValue: ParamValue?
    public var summary: String

    public init(_ name: String, _ kind: ParameterKind, default defaultValue: ParamValue? = nil, _ summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// Why `value` cannot be this parameter's value, nil when it can.
    public func problem(with value: ParamValue) -> ParameterProblem? {
        switch kind.problem(with: value) {
        case nil: nil
        case .wrongType: .wrongType(name: name, value: value, expected: kind.description)
        case .outOfRange: .outOfRange(name: name, value: value, expected: kind.description)
        }
    }
}
