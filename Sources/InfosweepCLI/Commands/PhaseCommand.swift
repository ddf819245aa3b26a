import ArgumentParser
import Foundation
import PhaseDiagram
import Query
import SweepModel

/// `infosweep phase SWEEP --x AXIS [--y AXIS] --metric NAME`: a phase diagram of a sweep's results.
struct PhaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phase",
        abstract: "Aggregate a sweep's results over seeds into a phase diagram: table, CSV, JSON or SVG.")

    @Argument(help: "The sweep.")
    var sweep: String

    @Option(help: "The axis across.")
    var x: String

    @Option(help: "The axis down (omit for a one-axis line plot).")
    var y: String?

    @Option(help: "The metric to aggregate.")
    var metric: String

    @Option(
        help:
            "median, mean or proportion (of runs whose value is not zero; of degenerate: the collapse probability)."
    )
    var stat: SummaryStatistic = .median

    @Option(help: "One panel per value of this axis.")
    var facet: String?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Only tasks that meet NAME OP VALUE, OP one of = != < <= > >= (repeatable).",
            discussion: """
                NAME is an axis (regime=unimodal, 'tau<0.5') or a metric of finished tasks (degenerate=0, \
                'final_loss<5'); a metric condition leaves pending, running and failed tasks counted.
                """))
    var conditions: [String] = []

    @Option(
        help: ArgumentHelp(
            "Mix the values of this axis into every cell with the seeds (repeatable).",
            discussion: "Every axis that varies must be on the diagram, fixed with --where, or pooled."))
    var pool: [String] = []

    @Option(
        name: .customLong("median-ci"),
        help: ArgumentHelp(
            "order or bootstrap: how the median's interval is made.",
            discussion: """
                order (the default): two order statistics chosen from the binomial distribution of ranks, with \
                guaranteed coverage, and the coverage it has where too few values allow 95%; bootstrap: the \
                seeded percentile bootstrap, which undercovers at a few seeds.
                """))
    var medianInterval: MedianIntervalMethod = .orderStatistic

    @Option(
        help: ArgumentHelp(
            "robust, linear or log: how heatmap and bar colours map values.",
            discussion: """
                robust (the default): from the 2nd to the 98th percentile of the cell values, cells beyond it \
                marked < or >; linear: from the smallest to the largest; log: logarithmic over positive values.
                """))
    var scale: ColorScaleMode = .robust

    @Option(
        help: ArgumentHelp(
            "interval or sd: what the bands of a one-axis SVG plot span.",
            discussion: "interval (the default): the statistic's confidence interval; sd: the mean ± 1 sd "
                + "(with --stat mean), as papers often plot the spread of seeds."))
    var band: LineBand = .interval

    @Flag(help: "In a one-axis SVG plot, also mark each cell's median with its confidence interval.")
    var showMedian = false

    @Option(help: "table, csv, json or svg.")
    var format: PhaseFormat = .table

    @OptionGroup var target: TargetOptions

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func validate() throws {
        if band == .sd, stat != .mean { throw ValidationError("--band sd is the mean ± 1 sd: give --stat mean") }
    }

    func run() async throws {
        let parsed = try conditions.map(WhereCondition.init(parsing:))
        let loader = PhaseLoader(
            x: x, y: y, facet: facet, metric: metric, statistic: stat, conditions: parsed, pooled: pool,
            medianInterval: medianInterval)
        var table = try await loader.load(sweep: sweep, from: try await target.source())
        table.colorScale = scale
        table.band = band
        table.showsMedian = showMedian
        let text: String
        switch format {
        case .table:
            let color =
                out == nil
                && TerminalColor.shouldUseColor(
                    environment: ProcessInfo.processInfo.environment, isTTY: Output.isTerminal)
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120
            text =
                "\(sweep): \(table.quantityLabel)\n" + table.terminalTable(color: color, width: width)
                + (table.totals.failed > 0 ? "\n" + FailedTasksHint.line(sweeps: [sweep]) : "")
        case .csv: text = table.csv()
        case .json: text = table.json()
        case .svg: text = table.svg()
        }
        try Output.deliver(text, to: out)
    }
}

/// The renderings `phase` can produce.
enum PhaseFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, svg
}

extension SummaryStatistic: ExpressibleByArgument {}

extension MedianIntervalMethod: ExpressibleByArgument {}

extension ColorScaleMode: ExpressibleByArgument {}

extension LineBand: ExpressibleByArgument {}
