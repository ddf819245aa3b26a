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
    /// Only tasks whose parameters have these values.
    public var filters: [String: ParamValue]
    /// Axes besides the seeds that each cell may mix (`--pool`).
    public var pooled: [String]
    public var medianInterval: MedianIntervalMethod

    public init(
        x: String, y: String? = nil, facet: String? = nil, metric: String, statistic: SummaryStatistic = .median,
        filters: [String: ParamValue] = [:], pooled: [String] = [],
        medianInterval: MedianIntervalMethod = .orderStatistic
    ) {
        self.x = x
        self.y = y
        self.facet = facet
        self.metric = metric
        self.statistic = statistic
        self.filters = filters
        self.pooled = pooled
        self.medianInterval = medianInterval
    }

    public func load(sweep: String, from source: any ResultSource) async throws -> PhaseTable {
        let axes = try await source.axes(sweep: sweep)
        for (name, value) in filters {
            guard let axis = axes.first(where: { $0.name == name }) else {
                throw PhaseQueryError.unknownAxis(name: name, available: axes.map(\.name))
            }
            guard axis.values.contains(value) else {
                throw PhaseLoaderError(
                    "--where \(name)=\(value): the sweep's values of \(name) are "
                        + axis.values.map(\.description).joined(separator: ", "))
            }
        }
        let filters = self.filters
        if let both = pooled.first(where: { filters[$0] != nil }) {
            throw PhaseLoaderError("--pool \(both) and --where \(both)=...: an axis is either fixed or pooled")
        }
        let remaining = axes.filter { filters[$0.name] == nil }
        let metricNames = try await source.metricNames(sweep: sweep)
        guard !metricNames.isEmpty else {
            throw PhaseLoaderError(
                "sweep '\(sweep)' has no results yet: phase needs at least one finished task "
                    + "(`infosweep status \(sweep)` shows its progress)")
        }
        var query = try PhaseQuery.resolve(
            x: x, y: y, facet: facet, metric: metric, axes: remaining,
            metrics: metricNames, statistic: statistic, pooled: pooled)
        query.medianInterval = medianInterval
        var builder = PhaseTableBuilder(query: query)
        let reader = PhaseOutcomeReader(query: query, filters: filters.sorted { $0.key < $1.key }.map { ($0, $1) })
        try await source.forEachOutcome(sweep: sweep) { taskID, parameters, state, metrics in
            do {
                try reader.add(parameterText: parameters, state: state, metricText: metrics, to: &builder)
            } catch {
                throw PhaseLoaderError("task \(taskID) of sweep '\(sweep)': its stored values cannot be read: \(error)")
            }
        }
        return builder.build()
    }
}

/// A phase query that cannot be answered as asked.
public struct PhaseLoaderError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
