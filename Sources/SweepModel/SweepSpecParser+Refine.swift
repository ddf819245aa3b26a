import Yams

extension SweepSpecParser {
    /// The `refine:` block. `grid` and `zipGroups` are the sweep's axes: refined axes are numeric grid axes,
    /// and besides them at most one axis may vary (it becomes the facet the cells are split by).
    func refineSpec(_ node: Node, grid: [Axis], zipGroups: [[Axis]], seeds: SeedList) throws -> RefineSpec {
        var fields: [String: (key: Key, value: Node)] = [:]
        let known = ["metric", "threshold", "where", "axes", "rounds", "max_tasks", "seeds_until"]
        for (key, value) in try pairs(node, field: "refine") {
            guard known.contains(key.name) else {
                throw error(
                    at: key.node, "refine.\(key.name)", "unknown key (expected \(known.joined(separator: ", ")))")
            }
            fields[key.name] = (key, value)
        }
        guard let metricNode = fields["metric"]?.value, let metric = metricNode.scalar?.string, !metric.isEmpty
        else { throw error(at: fields["metric"]?.value ?? node, "refine.metric", "missing (the metric to refine on)") }
        guard let thresholdNode = fields["threshold"]?.value else {
            throw error(at: node, "refine.threshold", "missing (the value whose crossing marks the boundary)")
        }
        let threshold = try number(thresholdNode, field: "refine.threshold")
        let axes = try refinedAxes(fields["axes"]?.value, at: node, grid: grid, zipGroups: zipGroups)
        let rounds = try fields["rounds"].map { try integer($0.value, field: "refine.rounds") } ?? 4
        guard (1...RefineSpec.maxRounds).contains(rounds) else {
            throw error(at: fields["rounds"]?.value, "refine.rounds", "must be from 1 to \(RefineSpec.maxRounds)")
        }
        let maxTasks = try fields["max_tasks"].map { try integer($0.value, field: "refine.max_tasks") }
        if let maxTasks, maxTasks < 1 {
            throw error(at: fields["max_tasks"]?.value, "refine.max_tasks", "must be at least 1")
        }
        let conditions = try fields["where"].map { try refineConditions($0.value) } ?? []
        let fixed = Set(
            (grid + zipGroups.joined()).map(\.name).filter { name in
                conditions.contains { $0.hasPrefix(name + "=") }
            })
        if let refinedAndFixed = axes.first(where: fixed.contains) {
            throw error(
                at: fields["where"]?.value, "refine.where.\(refinedAndFixed)",
                "fixes \(refinedAndFixed), which is refined")
        }
        try checkVaryingAxes(refined: axes, fixed: fixed, grid: grid, zipGroups: zipGroups, at: node)
        let seedsUntil = try fields["seeds_until"].map { try self.seedsUntil($0.value, seeds: seeds) }
        return RefineSpec(
            metric: metric, threshold: threshold, conditions: conditions, axes: axes, rounds: rounds,
            maxTasks: maxTasks, seedsUntil: seedsUntil)
    }

    private func refinedAxes(_ node: Node?, at block: Node, grid: [Axis], zipGroups: [[Axis]]) throws -> [String] {
        let numeric = grid.filter { axis in
            Set(axis.values).count > 1 && axis.values.allSatisfy { if case .number = $0 { true } else { false } }
        }
        let names: [String]
        if let node {
            let items: [Node]
            if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
            names = try items.map { item in
                let name = item.scalar?.string ?? ""
                guard numeric.contains(where: { $0.name == name }) else {
                    let reason =
                        zipGroups.joined().contains { $0.name == name }
                        ? "'\(name)' is zipped with other axes, which advance with it; only grid axes can be refined"
                        : grid.contains { $0.name == name }
                            ? "'\(name)' needs two or more values, all numbers, to be refined"
                            : "'\(name)' is not an axis of this sweep's grid"
                    throw error(at: item, "refine.axes", reason)
                }
                return name
            }
        } else {
            names = numeric.map(\.name)
        }
        guard (1...2).contains(Set(names).count), Set(names).count == names.count else {
            throw error(
                at: node ?? block, "refine.axes",
                names.isEmpty
                    ? "the grid has no numeric axis with two or more values to refine"
                    : "name one or two different axes to refine (the grid's numeric axes are "
                        + numeric.map(\.name).joined(separator: ", ") + ")")
        }
        return names
    }

    /// Refuses a sweep whose cells the refinement cannot tell apart: a table has three axes, so besides the
    /// refined axes at most 3 - refined may vary (unless `where` fixes them), and no zip group of several axes.
    private func checkVaryingAxes(
        refined: [String], fixed: Set<String>, grid: [Axis], zipGroups: [[Axis]], at node: Node
    ) throws {
        let varying = zipGroups.filter { ($0.first?.values.count ?? 0) > 1 }
        if let zipped = varying.first(where: { $0.count > 1 }) {
            throw error(
                at: node, "refine",
                "the zip group " + zipped.map(\.name).joined(separator: ", ") + " cannot split refined cells")
        }
        let others = (grid.filter { Set($0.values).count > 1 } + varying.joined()).map(\.name).filter {
            !refined.contains($0) && !fixed.contains($0)
        }
        guard others.count <= 3 - refined.count else {
            throw error(
                at: node, "refine",
                "besides the refined \(refined.joined(separator: " and ")) at most \(3 - refined.count) "
                    + "axes may vary (the cells are split by them); \(others.joined(separator: ", ")) vary: fix some "
                    + "with where: or refine a sweep for each of their combinations")
        }
    }

    /// `where:` as a mapping of name to value (`degenerate: 0`), or to a comparison (`final_loss: "<5"`).
    private func refineConditions(_ node: Node) throws -> [String] {
        try pairs(node, field: "refine.where").map { key, value in
            let field = "refine.where.\(key.name)"
            guard let text = value.scalar?.string, !text.isEmpty else {
                throw error(at: value, field, "must be a value or a comparison such as \"<5\"")
            }
            let comparisons = ["!=", "<=", ">=", "=", "<", ">"]
            if let comparison = comparisons.first(where: { text.hasPrefix($0) }) {
                let operand = text.dropFirst(comparison.count).trimmingCharacters(in: .whitespaces)
                guard !operand.isEmpty else { throw error(at: value, field, "\(comparison) needs a value after it") }
                return key.name + comparison + operand
            }
            return key.name + "=" + (try scalarValue(value, field: field)).description
        }
    }

    private func seedsUntil(_ node: Node, seeds: SeedList) throws -> RefineSpec.SeedsUntil {
        var halfwidth: Double?
        var maxSeeds: Int?
        for (key, value) in try pairs(node, field: "refine.seeds_until") {
            let field = "refine.seeds_until.\(key.name)"
            switch key.name {
            case "ci_halfwidth":
                halfwidth = try number(value, field: field)
                guard halfwidth! > 0 else { throw error(at: value, field, "must be positive") }
            case "max_seeds":
                maxSeeds = try integer(value, field: field)
                guard maxSeeds! >= seeds.count, maxSeeds! <= 100_000 else {
                    throw error(
                        at: value, field, "must be from the sweep's \(seeds.count) seeds to 100000, not \(maxSeeds!)")
                }
            default:
                throw error(at: key.node, field, "unknown key (expected ci_halfwidth and max_seeds)")
            }
        }
        guard let halfwidth, let maxSeeds else {
            throw error(at: node, "refine.seeds_until", "needs both ci_halfwidth and max_seeds")
        }
        return RefineSpec.SeedsUntil(ciHalfwidth: halfwidth, maxSeeds: maxSeeds)
    }
}
