import PhaseDiagram
import SweepModel

/// Builds a phase table for a sweep from any result source: resolves the axes and metric, applies the
/// `--where` filters, and streams every task into the table.
public struct PhaseLoader: Sendable {
    public var x: String
    public var y: String?
    public var facet: String?
    public var metric: String
    public var statistic: SummaryStatistic
    /// Only tasks whose parameters and (finished tasks') metrics meet these.
    public var conditions: [WhereCondition]
    /// Axes besides the seeds that each cell may mix (`--pool`).
    public var pooled: [String]
    public var medianInterval: MedianIntervalMethod

    public init(
        x: String, y: String? = nil, facet: String? = nil, metric: String, statistic: SummaryStatistic = .median,
        conditions: [WhereCondition] = [], pooled: [String] = [],
        medianInterval: MedianIntervalMethod = .orderStatistic
    ) {
        self.x = x
        self.y = y
        self.facet = facet
        self.metric = metric
        self.statistic = statistic
        self.conditions = conditions
        self.pooled = pooled
        self.medianInterval = medianInterval
    }

    public func load(sweep: String, from source: any ResultSource) async throws -> PhaseTable {
        var axes = try await source.axes(sweep: sweep)
        let metricNames = try await source.metricNames(sweep: sweep)
        var parameterConditions: [WhereCondition] = []
        var metricConditions: [WhereCondition] = []
        for condition in conditions {
            if let index = axes.firstIndex(where: { $0.name == condition.name }) {
                axes[index] = try restrict(axes[index], to: condition)
                parameterConditions.append(condition)
            } else if metricNames.contains(condition.name) {
                guard case .number = condition.value else {
                    throw PhaseLoaderError("--where \(condition): metrics are numbers; compare with a number")
                }
                metricConditions.append(condition)
            } else if !metricNames.isEmpty {
                throw PhaseLoaderError(
                    "--where \(condition): '\(condition.name)' is neither an axis ("
                        + axes.map(\.name).joined(separator: ", ") + ") nor a metric ("
                        + metricNames.sorted().joined(separator: ", ") + ")")
            }
        }
        if let fixed = pooled.first(where: { name in axes.first { $0.name == name }?.values.count == 1 }) {
            throw PhaseLoaderError("--pool \(fixed): --where leaves it one value; an axis is either fixed or pooled")
        }
        guard !metricNames.isEmpty else {
            throw PhaseLoaderError(
                "sweep '\(sweep)' has no results yet: phase needs at least one finished task "
                    + "(`infosweep status \(sweep)` shows its progress)")
        }
        var query = try PhaseQuery.resolve(
            x: x, y: y, facet: facet, metric: metric, axes: axes,
            metrics: metricNames, statistic: statistic, pooled: pooled)
        query.medianInterval = medianInterval
        var builder = PhaseTableBuilder(query: query)
        let reader = PhaseOutcomeReader(
            query: query, parameterConditions: parameterConditions, metricConditions: metricConditions)
        try await source.forEachOutcome(sweep: sweep) { taskID, parameters, state, metrics in
            do {
                try reader.add(parameterText: parameters, state: state, metricText: metrics, to: &builder)
            } catch {
                throw PhaseLoaderError("task \(taskID) of sweep '\(sweep)': its stored values cannot be read: \(error)")
            }
        }
        var table = builder.build()
        table.conditions = conditions.map(\.description)
        return table
    }

    /// The axis with only the values that meet `condition`; refused when none does.
    private func restrict(_ axis: Axis, to condition: WhereCondition) throws -> Axis {
        var restricted = axis
        restricted.values = axis.values.filter { condition.comparison.holds($0, condition.value) }
        guard !restricted.values.isEmpty else {
            throw PhaseLoaderError(
                "--where \(condition): no value of \(axis.name) meets it; the sweep's values of \(axis.name) are "
                    + axis.values.map(\.description).joined(separator: ", "))
        }
        return restricted
    }
}

/// A phase query that cannot be answered as asked.
public struct PhaseLoaderError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
