import SweepModel

/// One axis of a phase diagram: its name, its values in display order, and how they are spaced.
public struct PhaseAxis: Sendable, Hashable {
    public var name: String
    public var values: [ParamValue]
    public var spacing: Axis.Spacing
    /// The values the sweep lists on the axis; the others were seen in its tasks (points a refinement added).
    public var listed: Set<ParamValue>

    public init(name: String, values: [ParamValue], spacing: Axis.Spacing = .list) {
        self.name = name
        self.values = values
        self.spacing = spacing
        listed = Set(values)
    }

    /// The axis of a sweep, with `observed` values the sweep does not list added after its own; numbers are
    /// put in ascending order, other values keep the order given.
    public init(_ axis: Axis, observed: [ParamValue] = []) {
        var seen = Set(axis.values)
        var values = axis.values
        for value in observed where seen.insert(value).inserted { values.append(value) }
        if values.allSatisfy({ if case .number = $0 { true } else { false } }) {
            values.sort { ($0.doubleValue ?? 0) < ($1.doubleValue ?? 0) }
        }
        self.init(name: axis.name, values: values, spacing: axis.spacing)
        listed = Set(axis.values)
    }

    /// The numeric positions of the values, when every value is a number.
    public var numericValues: [Double]? {
        var numbers: [Double] = []
        for value in values {
            guard case .number(let number) = value else { return nil }
            numbers.append(number)
        }
        return numbers
    }

    /// Short labels for the values: numbers to the fewest significant digits (at least three) that keep
    /// them apart, so 0.316227766017 reads 0.316.
    public var labels: [String] {
        guard let numbers = numericValues else { return values.map(\.description) }
        for digits in 3...12 {
            let labels = numbers.map { NumberText.compact($0, digits: digits) }
            if Set(labels).count == Set(numbers).count { return labels }
        }
        return values.map(\.description)
    }

    /// Whether plots should place the values on a logarithmic scale: log-spaced axes, and listed positive
    /// values spanning two decades or more (such as tau in {0.1, 0.2, 0.5, 1, 2.5, 5, 10}).
    public var isLogarithmic: Bool {
        guard let numbers = numericValues, let low = numbers.min(), let high = numbers.max(), low > 0 else {
            return false
        }
        return spacing == .log || (spacing == .list && high / low >= 100)
    }
}
