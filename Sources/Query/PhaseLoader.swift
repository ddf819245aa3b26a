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

    public init(
        x: String, y: String? = nil, facet: String? = nil, metric: String, statistic: SummaryStatistic = .median,
        filters: [String: ParamValue] = [:]
    ) {
        self.x = x
        self.y = y
        self.facet = facet
        self.metric = metric
        self.statistic = statistic
        self.filters = filters
    }

    /// The metric that flags a degenerate run (1 when degenerate).
    public static let degenerateMetric = "degenerate"

    public func load(sweep: String, from source: any ResultSource) async throws -> PhaseTable {
        let axes = try await source.axes(sweep: sweep)
        for (name, value) in filters {
            guard let axis = axes.first(where: { $0.name == name }) else {
                throw PhaseQueryError.unknownAxis(name: name, available: axes.map(\.name))
            }
            guard axis.values.contains(value) else {
                throw PhaseLoaderError("--where \(name)=\(value): the sweep's values of \(name) are "
                    + axis.values.map(\.description).joined(separator: ", "))
            }
        }
        let filters = self.filters
        let remaining = axes.filter { filters[$0.name] == nil }
        let metricNames = try await source.metricNames(sweep: sweep)
        let query = try PhaseQuery.resolve(x: x, y: y, facet: facet, metric: metric, axes: remaining,
                                           metrics: metricNames, statistic: statistic)
        var builder = PhaseTableBuilder(query: query)
        let filterNames = Array(filters.keys)
        let filterValues = filterNames.map { filters[$0]! }
        let parameterNames = [query.x.name, query.y?.name, query.facet?.name].compactMap { $0 } + filterNames
        let yIndex = query.y == nil ? nil : 1
        let facetIndex = query.facet == nil ? nil : 1 + (query.y == nil ? 0 : 1)
        let filterStart = parameterNames.count - filterNames.count
        let wantedMetrics = [query.metric, Self.degenerateMetric] + (query.reference.map { [$0] } ?? [])
        try await source.forEachOutcome(sweep: sweep, parameters: parameterNames, metrics: wantedMetrics) { outcome in
            let values = outcome.parameters
            for (offset, wanted) in filterValues.enumerated() where values[filterStart + offset] != wanted { return }
            guard let xValue = values[0] else { return }
            let value = outcome.state == .done ? outcome.metrics[0] : nil
            builder.add(Observation(
                x: xValue, y: yIndex.flatMap { values[$0] }, facet: facetIndex.flatMap { values[$0] },
                value: value.flatMap { $0.isFinite ? $0 : nil },
                reference: outcome.metrics.count > 2 ? outcome.metrics[2] : nil, state: outcome.state,
                degenerate: (outcome.metrics[1] ?? 0) >= 0.5))
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
