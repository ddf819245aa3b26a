import PhaseDiagram
import SweepModel

/// The tasks one round of a sweep's `refine:` adds: the midpoint of every pair of neighbouring cells along a
/// refined axis whose medians lie on opposite sides of the threshold, or one of whose median intervals holds
/// it, with the sweep's seeds; and, with `seeds_until`, more seeds for cells whose median interval is wider than
/// asked.
///
/// The cells are read as `phase` and `boundary` read them (`PhaseLoader`, with the block's conditions): x is
/// the first refined axis, y the second, or else the other axis that varies (a numeric one first), and the
/// facet the one left; an axis a condition fixes is not shown. A new point is an ordinary task of the sweep
/// (its fixed parameters, a value of every axis, a seed), keyed as a grid holding the point would key it;
/// points an exclusion rule drops are left out.
public struct RefinementPlanner: Sendable {
    public let spec: SweepSpec
    public let refine: RefineSpec
    /// The loader of the cells each round is planned from.
    public let loader: PhaseLoader
    private let conditions: [WhereCondition]

    /// The planner of `spec`'s refinement; nil when the sweep has no `refine:` block.
    public init?(spec: SweepSpec) throws(WhereConditionError) {
        guard let refine = spec.refine else { return nil }
        self.spec = spec
        self.refine = refine
        var conditions: [WhereCondition] = []
        for text in refine.conditions { conditions.append(try WhereCondition(parsing: text)) }
        let fixed = Set(conditions.filter { $0.comparison == .equal }.map(\.name))
        // The other axes that vary, numeric ones first: the y axis when one axis is refined, then the facet.
        let others = spec.axes.filter { axis in
            Set(axis.values).count > 1 && !refine.axes.contains(axis.name) && !fixed.contains(axis.name)
        }
        let numeric = others.filter { $0.values.allSatisfy { if case .number = $0 { true } else { false } } }
        let shown = refine.axes + (numeric + others.filter { !numeric.contains($0) }).map(\.name)
        self.conditions = conditions
        loader = PhaseLoader(
            x: shown[0], y: shown.count > 1 ? shown[1] : nil, facet: shown.count > 2 ? shown[2] : nil,
            metric: refine.metric, conditions: conditions)
    }

    /// The round's new points, each with its seeds, most telling first: cells on opposite sides of the
    /// threshold, then intervals that hold it, then more seeds.
    public func plan(sweep: String, from source: any ResultSource) async throws -> [[TaskSpec]] {
        plan(try await loader.load(sweep: sweep, from: source))
    }

    /// The round's new points for the cells of `table` (a table of `loader`'s query).
    public func plan(_ table: PhaseTable) -> [[TaskSpec]] {
        var crossing: [Parameters] = []
        var uncertain: [Parameters] = []
        for (direction, name) in zip([CellLine.Direction.x, .y], refine.axes) {
            guard let axis = spec.grid.first(where: { $0.name == name }) else { continue }
            for line in table.lines(along: direction) {
                let cells = line.indices.map { table.cell(on: line, at: $0) }
                for (a, b) in zip(cells, cells.dropFirst()) {
                    guard let split = split(a, b, along: direction, of: axis, in: table) else { continue }
                    if split.crosses { crossing.append(split.point) } else { uncertain.append(split.point) }
                }
            }
        }
        var groups = (crossing + uncertain).map { tasks($0, seeds: Array(spec.seeds)) }
        if let seedsUntil = refine.seedsUntil {
            groups += table.cells.compactMap { cell in moreSeeds(for: cell, in: table, until: seedsUntil) }
        }
        var seen: Set<String> = []
        return groups.compactMap { group in
            let fresh = group.filter { seen.insert($0.key).inserted }
            return fresh.isEmpty ? nil : fresh
        }
    }

    /// The midpoint of two neighbouring cells, when their medians call for one.
    private func split(
        _ a: PhaseCell, _ b: PhaseCell, along direction: CellLine.Direction, of axis: Axis, in table: PhaseTable
    ) -> (point: Parameters, crosses: Bool)? {
        let threshold = refine.threshold
        guard let low = table.position(of: a, along: direction), let high = table.position(of: b, along: direction),
            let first = a.statistics.median, let second = b.statistics.median
        else { return nil }
        let crosses = (first < threshold) != (second < threshold)
        let holds = [a, b].contains { cell in
            cell.statistics.interval(of: .median).map { $0.low <= threshold && threshold <= $0.high } ?? false
        }
        let middle = axis.midpoint(between: low, and: high)
        guard crosses || holds, let value = middle.doubleValue, value > low, value < high,
            var point = parameters(of: a, in: table)
        else { return nil }
        point[axis.name] = middle
        return (point, crosses)
    }

    /// More seeds for a cell whose median interval is wider than asked: twice the runs it has, up to the most.
    private func moreSeeds(for cell: PhaseCell, in table: PhaseTable, until: RefineSpec.SeedsUntil) -> [TaskSpec]? {
        let statistics = cell.statistics
        let runs = statistics.tasks + statistics.excluded
        guard statistics.n > 0, runs < until.maxSeeds, let point = parameters(of: cell, in: table) else { return nil }
        if let interval = statistics.interval(of: .median), (interval.high - interval.low) / 2 <= until.ciHalfwidth {
            return nil
        }
        return tasks(point, seeds: Array(seeds(count: min(until.maxSeeds, 2 * runs))))
    }

    /// The sweep's seeds, then the whole numbers above its largest: the seeds a cell gets more of in turn.
    private func seeds(count: Int) -> some Sequence<Int> {
        let next = (spec.seeds.bounds?.upperBound ?? -1) + 1
        return (Array(spec.seeds) + Array(next..<(next + max(0, count - spec.seeds.count)))).prefix(count)
    }

    private func tasks(_ point: Parameters, seeds: [Int]) -> [TaskSpec] {
        seeds.compactMap { seed in
            var parameters = point
            parameters["seed"] = .number(Double(seed))
            guard !spec.isExcluded(parameters) else { return nil }
            return TaskSpec(experiment: spec.experiment, version: spec.experimentVersion, parameters: parameters)
        }
    }

    /// The parameters of a cell's tasks, less the seed: the fixed ones, the cell's coordinates, and every other
    /// axis at its one value, or the one the conditions leave it (a zip group at the entry of the facet's value,
    /// when the facet is one of them).
    private func parameters(of cell: PhaseCell, in table: PhaseTable) -> Parameters? {
        var coordinates: [String: ParamValue] = [table.x.name: cell.x]
        if let y = table.y, let value = cell.y { coordinates[y.name] = value }
        if let facet = table.facet, let value = cell.facet { coordinates[facet.name] = value }
        var parameters = spec.fixed
        for axis in spec.grid {
            let allowed = axis.values.first { value in
                conditions.allSatisfy { $0.name != axis.name || $0.comparison.holds(value, $0.value) }
            }
            guard let value = coordinates[axis.name] ?? allowed else { return nil }
            parameters[axis.name] = value
        }
        for group in spec.zipGroups {
            let entry =
                group.lazy.compactMap { axis in coordinates[axis.name].flatMap { axis.values.firstIndex(of: $0) } }
                .first ?? 0
            for axis in group where entry < axis.values.count { parameters[axis.name] = axis.values[entry] }
        }
        return parameters
    }
}
