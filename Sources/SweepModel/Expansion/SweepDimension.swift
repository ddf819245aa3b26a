/// One dimension of a sweep's point space: a grid axis, a zip group (axes advancing together) or the seeds.
enum SweepDimension: Sendable {
    case axis(Axis)
    case zip([Axis])
    case seeds(SeedList)

    /// The parameters one entry of the dimension sets, in a fixed order.
    var names: [String] {
        switch self {
        case .axis(let axis): [axis.name]
        case .zip(let axes): axes.map(\.name)
        case .seeds: ["seed"]
        }
    }

    var count: Int {
        switch self {
        case .axis(let axis): axis.values.count
        case .zip(let axes): axes.map(\.values.count).min() ?? 0
        case .seeds(let seeds): seeds.count
        }
    }

    /// The value of `names[slot]` in entry `index`.
    func value(slot: Int, at index: Int) -> ParamValue {
        switch self {
        case .axis(let axis): axis.values[index]
        case .zip(let axes): axes[slot].values[index]
        case .seeds(let seeds): .number(Double(seeds[index]))
        }
    }

    /// How many entries give every name of `wanted` that this dimension sets the wanted value.
    func matchingCount(_ wanted: [String: ParamValue]) -> Int {
        let slots = names.enumerated().compactMap { slot, name in wanted[name].map { (slot, $0) } }
        if slots.isEmpty { return count }
        if case .seeds(let seeds) = self {
            guard let seed = slots[0].1.intValue else { return 0 }
            return seeds.includes(seed) ? 1 : 0
        }
        return (0..<count).count { index in slots.allSatisfy { value(slot: $0.0, at: index) == $0.1 } }
    }
}

extension SweepSpec {
    /// The dimensions in expansion order: grid axes, zip groups, then the seeds (fastest).
    var dimensions: [SweepDimension] {
        grid.map(SweepDimension.axis) + zipGroups.map(SweepDimension.zip) + [.seeds(seeds)]
    }
}
