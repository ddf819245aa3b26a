import PhaseDiagram
import Query
import SweepModel

/// A phase diagram as a request asks for it: `infosweep phase`'s options as query parameters, each defaulting
/// to the sweep file's `phase:` view where it has one.
struct PhaseRequest: Sendable {
    /// The renderings the phase endpoint serves.
    enum Format: String, Sendable, CaseIterable {
        case json, csv, svg
    }

    var loader: PhaseLoader
    var scale: ColorScaleMode
    var format: Format

    init(_ query: QueryString, view: PhaseView?, format defaultFormat: Format = .json) throws(APIError) {
        guard let x = query["x"] ?? view?.x else {
            throw .badOption("x is missing: give the axis across (the sweep file names no phase view)")
        }
        guard let metric = query["metric"] ?? view?.metric else {
            throw .badOption("metric is missing: give the metric to aggregate (the sweep file names no phase view)")
        }
        let fallback = view.flatMap { SummaryStatistic(rawValue: $0.statistic) } ?? .median
        let statistic = try query.choice("stat", default: fallback)
        var conditions: [WhereCondition] = []
        for text in query.all("where") {
            do {
                conditions.append(try WhereCondition(parsing: text))
            } catch {
                throw .badOption("where=\(text): \(error)")
            }
        }
        let pooled = query.all("pool")
        loader = PhaseLoader(
            x: x, y: query["y"] ?? (query["x"] == nil ? view?.y : nil),
            facet: query["facet"] ?? (query["x"] == nil ? view?.facet : nil), metric: metric, statistic: statistic,
            conditions: conditions, pooled: pooled.isEmpty ? view?.pool ?? [] : pooled,
            medianInterval: try query.choice("median_ci", default: .orderStatistic))
        scale = try query.choice("scale", default: .robust)
        format = try query.choice("format", default: defaultFormat)
    }

    /// The diagram of `sweep` read from `source`, in the requested colour scale.
    func table(of sweep: String, from source: any ResultSource) async throws -> PhaseTable {
        var table = try await loader.load(sweep: sweep, from: source)
        table.colorScale = scale
        return table
    }
}
