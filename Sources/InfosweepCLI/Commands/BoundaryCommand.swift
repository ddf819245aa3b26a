import ArgumentParser
import Foundation
import PhaseDiagram
import Query
import SweepModel

/// `infosweep boundary SWEEP --x AXIS --metric NAME --threshold T`: where the cell medians cross a threshold.
struct BoundaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundary",
        abstract: "Estimate where a metric's cell medians cross a threshold along x, for every y value.",
        discussion: """
            x* interpolates the medians linearly between the last cell on one side of the threshold and the next \
            cell; its interval comes from their order-statistic intervals. The cells are those `phase` shows.
            """)

    @Argument(help: "The sweep.")
    var sweep: String

    @Option(help: "The axis along which the boundary is crossed.")
    var x: String

    @Option(help: "The axis along the boundary: one crossing per value (omit for one crossing).")
    var y: String?

    @Option(help: "One boundary per value of this axis.")
    var facet: String?

    @Option(help: "The metric whose median crosses the threshold.")
    var metric: String

    @Option(help: "The value whose crossing marks the boundary.")
    var threshold: Double

    @Option(
        name: .customLong("where"), help: "Only tasks that meet NAME OP VALUE, as phase takes them (repeatable).")
    var conditions: [String] = []

    @Option(help: "Mix the values of this axis into every cell with the seeds (repeatable).")
    var pool: [String] = []

    @Option(help: "robust, linear or log: how the SVG's colours map the cells' medians.")
    var scale: ColorScaleMode = .robust

    @Option(help: "table, json or svg.")
    var format: BoundaryFormat = .table

    @OptionGroup var target: TargetOptions

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func run() async throws {
        let loader = PhaseLoader(
            x: x, y: y, facet: facet, metric: metric, conditions: try conditions.map(WhereCondition.init(parsing:)),
            pooled: pool)
        var table = try await loader.load(sweep: sweep, from: try await target.source())
        guard table.x.numericValues != nil else {
            throw CLIError("--x \(x): a boundary needs a numeric axis to cross; \(x) has values that are not numbers")
        }
        table.colorScale = scale
        let boundary = PhaseBoundary(table: table, threshold: threshold)
        let text =
            switch format {
            case .table: "\(sweep): " + boundary.text()
            case .json: boundary.json()
            case .svg: boundary.svg()
            }
        try Output.deliver(text, to: out)
    }
}

/// The renderings `boundary` can produce.
enum BoundaryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, svg
}
