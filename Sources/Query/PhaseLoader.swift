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
        let (xName, yName, facetName) = (query.x.name, query.y?.name, query.facet?.name)
        let (metric, reference) = (query.metric, query.reference)
        try await source.forEachOutcome(sweep: sweep) { outcome in
            let parameters = outcome.parameters
            for (name, value) in filters where parameters[name] != value { return }
            guard let xValue = parameters[xName] else { return }
            let value = outcome.state == .done ? outcome.metrics?[metric] : nil
            builder.add(Observation(
                x: xValue, y: yName.flatMap { parameters[$0] }, facet: facetName.flatMap { parameters[$0] },
                value: value.flatMap { $0.isFinite ? $0 : nil },
                reference: reference.flatMap { outcome.metrics?[$0] }, state: outcome.state,
                degenerate: (outcome.metrics?[Self.degenerateMetric] ?? 0) >= 0.5))
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
