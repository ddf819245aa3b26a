import SweepModel

/// One field of a cell's row in an export.
enum ExportField: Sendable {
    case axis(ParamValue?)
    case count(Int)
    case number(Double?)
}

extension PhaseTable {
    /// The column names and fields of each cell's row, shared by the CSV and JSON exports: the axes
    /// (facet, y, x), then the statistics.
    var exportColumns: [String] {
        axisNames + Self.statisticColumns.map(\.name)
    }

    func exportRow(_ cell: PhaseCell) -> [ExportField] {
        var fields: [ExportField] = []
        if facet != nil { fields.append(.axis(cell.facet)) }
        if y != nil { fields.append(.axis(cell.y)) }
        fields.append(.axis(cell.x))
        return fields + Self.statisticColumns.map { $0.field(cell.statistics) }
    }

    private var axisNames: [String] { [facet?.name, y?.name, x.name].compactMap { $0 } }

    private static let statisticColumns: [(name: String, field: @Sendable (CellStatistics) -> ExportField)] = [
        ("tasks", { .count($0.tasks) }), ("n", { .count($0.n) }),
        ("mean", { .number($0.mean) }), ("sd", { .number($0.sd) }), ("sem", { .number($0.sem) }),
        ("ci_low", { .number($0.ciLow) }), ("ci_high", { .number($0.ciHigh) }),
        ("median", { .number($0.median) }),
        ("median_ci_low", { .number($0.medianCILow) }), ("median_ci_high", { .number($0.medianCIHigh) }),
        ("median_ci_coverage", { .number($0.medianCICoverage) }),
        ("proportion", { .number($0.proportion) }),
        ("proportion_ci_low", { .number($0.proportionCILow) }),
        ("proportion_ci_high", { .number($0.proportionCIHigh) }),
        ("min", { .number($0.min) }), ("max", { .number($0.max) }),
        ("pending", { .count($0.pending) }), ("running", { .count($0.running) }),
        ("failed", { .count($0.failed) }), ("degenerate", { .count($0.degenerate) }),
        ("non_finite", { .count($0.nonFinite) }), ("missing", { .count($0.missing) }),
        ("excluded", { .count($0.excluded) }),
        ("reference_mean", { .number($0.referenceMean) }),
    ]
}
