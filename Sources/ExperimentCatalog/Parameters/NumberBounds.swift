/// The interval a real-valued parameter lies in; either end may be open, closed or absent.
public struct NumberBounds: Sendable, Hashable, CustomStringConvertible {
    public var lower: Double?
    public var lowerIncluded: Bool
    public var upper: Double?
    public var upperIncluded: Bool

    public init(lower: Double? = nil, lowerIncluded: Bool = true, upper: Double? = nil, upperIncluded: Bool = true) {
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.upperIncluded = upperIncluded
    }

    /// Any finite number.
    public static let any = NumberBounds()
    /// Greater than 0.
    public static let positive = NumberBounds(lower: 0, lowerIncluded: false)
    /// 0 or greater.
    public static let nonNegative = NumberBounds(lower: 0)

    /// From `lower` to `upper`, both included.
    public static func closed(_ lower: Double, _ upper: Double) -> NumberBounds {
        NumberBounds(lower: lower, upper: upper)
    }

    /// Between `lower` and `upper`, neither included.
    public static func open(_ lower: Double, _ upper: Double) -> NumberBounds {
        NumberBounds(lower: lower, lowerIncluded: false, upper: upper, upperIncluded: false)
    }

    /// Above `lower` (excluded), up to `upper` (included).
    public static func aboveUpTo(_ lower: Double, _ upper: Double) -> NumberBounds {
        NumberBounds(lower: lower, lowerIncluded: false, upper: upper)
    }

    public func contains(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let lower, lowerIncluded ? value < lower : value <= lower { return false }
        if let upper, upperIncluded ? value > upper : value >= upper { return false }
        return true
    }

    /// "> 0", ">= 0", "in (0, 1)", "in [0, 1]" or "finite".
    public var description: String {
        switch (lower, upper) {
        case (nil, nil): "finite"
        case (let lower?, nil): (lowerIncluded ? ">= " : "> ") + Self.text(lower)
        case (nil, let upper?): (upperIncluded ? "<= " : "< ") + Self.text(upper)
        case (let lower?, let upper?):
            "in " + (lowerIncluded ? "[" : "(") + Self.text(lower) + ", " + Self.text(upper)
                + (upperIncluded ? "]" : ")")
        }
    }

    private static func text(_ value: Double) -> String {
        value.rounded() == value && value.magnitude < 1e15 ? String(Int64(value)) : "\(value)"
    }
}
