/// Why a sweep is too large to expand: more points than the caller allows, or more than an `Int` counts.
public enum SweepSizeProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case tooManyPoints(count: Int, limit: Int, factors: String)
    case countOverflows(limit: Int, factors: String)

    public var description: String {
        switch self {
        case .tooManyPoints(let count, let limit, let factors):
            "the sweep has \(count) points (\(factors)), more than the limit of \(limit)"
        case .countOverflows(let limit, let factors):
            "the sweep has more points than a 64-bit count holds (\(factors)), far beyond the limit of \(limit)"
        }
    }
}

extension SweepSpec {
    /// The number of points before exclusions (the product of the dimensions' lengths), or nil when it
    /// overflows `Int`. Nothing is expanded.
    public var pointBound: Int? {
        var product = 1
        for dimension in dimensions {
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension.count)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Throws when the sweep has more than `maxPoints` points before exclusions, or more than `Int` counts.
    public func checkSize(maxPoints: Int) throws(SweepSizeProblem) {
        guard let bound = pointBound else { throw .countOverflows(limit: maxPoints, factors: factors) }
        if bound > maxPoints { throw .tooManyPoints(count: bound, limit: maxPoints, factors: factors) }
    }

    /// "a 100000 x b 3 x 10 seeds": what the point count is the product of.
    var factors: String {
        let axes =
            grid.map { "\($0.name) \($0.values.count)" }
            + zipGroups.map { group in
                "zip(\(group.map(\.name).joined(separator: ", "))) \(group.first?.values.count ?? 0)"
            }
        return (axes + ["\(seeds.count) seeds"]).joined(separator: " x ")
    }

    /// The number of points after exclusions, counted without expanding (by inclusion and exclusion over
    /// the rules when there are few of them), or nil when the count overflows `Int`.
    public func pointCount() -> Int? {
        guard let bound = pointBound else { return nil }
        if exclusions.isEmpty { return bound }
        guard exclusions.count <= 12 else { return expand().reduce(0) { total, _ in total + 1 } }
        var excluded = 0
        for subset in 1..<(1 << exclusions.count) {
            let rules = exclusions.indices.filter { subset & (1 << $0) != 0 }
            let matches = matchingCount(of: rules.map { exclusions[$0] })
            excluded += rules.count % 2 == 1 ? matches : -matches
        }
        return bound - excluded
    }

    /// How many points every one of `rules` matches.
    private func matchingCount(of rules: [Parameters]) -> Int {
        var wanted: [String: ParamValue] = [:]
        for rule in rules {
            for (name, value) in rule {
                if let earlier = wanted[name], earlier != value { return 0 }
                wanted[name] = value
            }
        }
        let dimensions = self.dimensions
        let dimensionNames = Set(dimensions.flatMap(\.names))
        for (name, value) in wanted where !dimensionNames.contains(name) && fixed[name] != value { return 0 }
        return dimensions.reduce(1) { $0 * $1.matchingCount(wanted) }
    }
}
