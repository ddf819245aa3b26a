import SweepModel

/// What values a parameter takes.
public enum ParameterKind: Sendable, Hashable, CustomStringConvertible {
    /// A whole number within the range.
    case integer(ClosedRange<Int>)
    /// A finite number within the bounds.
    case real(NumberBounds)
    /// A number within the bounds, or the string `auto` (the experiment picks the value).
    case realOrAuto(NumberBounds)
    /// One of these strings.
    case choice([String])
    /// true or false (1 or 0 also do).
    case flag
    /// Any string: a free label.
    case label

    /// The largest size (batch, dimension, particles, bins, ...) a parameter may have: sizes reach BLAS as
    /// 32-bit integers.
    public static let maxSize = Int(Int32.max)
    /// Seeds are whole numbers from 0 to 2^53, where every integer is exactly a Double.
    public static let seed = ParameterKind.integer(0...(1 << 53))

    /// A whole number from `minimum` up to `maxSize`.
    public static func size(atLeast minimum: Int) -> ParameterKind {
        .integer(minimum...maxSize)
    }

    /// Why `value` is not a value of this kind, nil when it is one.
    public func problem(with value: ParamValue) -> ValueProblem? {
        switch (self, value) {
        case (.integer(let range), .number(let number)):
            guard number.rounded() == number else { return .wrongType }
            return number >= Double(range.lowerBound) && number <= Double(range.upperBound) ? nil : .outOfRange
        case (.real(let bounds), .number(let number)), (.realOrAuto(let bounds), .number(let number)):
            return bounds.contains(number) ? nil : .outOfRange
        case (.realOrAuto, .string(let text)):
            return text == "auto" ? nil : .wrongType
        case (.choice(let choices), .string(let text)):
            return choices.contains(text) ? nil : .outOfRange
        case (.flag, .bool), (.label, .string):
            return nil
        case (.flag, .number(let number)):
            return number == 0 || number == 1 ? nil : .wrongType
        default:
            return .wrongType
        }
    }

    /// "a whole number from 2 to 2147483647", "a number > 0", "one of cosine, rbf", ...
    public var description: String {
        switch self {
        case .integer(let range):
            range.upperBound == Self.maxSize || range.upperBound == 1 << 53
                ? "a whole number >= \(range.lowerBound)"
                : "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .real(let bounds): bounds == .any ? "a number" : "a number \(bounds)"
        case .realOrAuto(let bounds): (bounds == .any ? "a number" : "a number \(bounds)") + " or auto"
        case .choice(let choices): "one of " + choices.joined(separator: ", ")
        case .flag: "true or false"
        case .label: "a string"
        }
    }
}

/// How a value fails its parameter's kind.
public enum ValueProblem: Sendable, Hashable {
    /// Not the kind of value at all (a string for a number, a fraction for a whole number).
    case wrongType
    /// The right kind of value, outside the parameter's range or choices.
    case outOfRange
}
