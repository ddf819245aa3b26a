/// The short marks that flag a cell's state in tables and figures.
struct CellMarks: Sendable {
    static let legend: [(mark: String, meaning: String)] = [
        ("+", "tasks still pending or running"), ("*", "degenerate runs included"), ("!", "failed runs"),
        ("~", "non-finite results (NaN or infinite), left out"),
    ]

    let statistics: CellStatistics

    /// "+", "*", "!" or several, in the order of `legend`.
    var text: String {
        var marks = ""
        if statistics.n > 0, statistics.pending + statistics.running > 0 { marks += "+" }
        if statistics.degenerate > 0 { marks += "*" }
        if statistics.failed > 0 { marks += "!" }
        if statistics.nonFinite > 0 { marks += "~" }
        return marks
    }

    /// How a cell without a value is shown: "·", with running and pending counts when there are any, and
    /// "~" when its finished results are all non-finite.
    var missingText: String {
        var text = "·"
        if statistics.running > 0 { text += "\(statistics.running)r" }
        if statistics.pending > 0 { text += "\(statistics.pending)p" }
        if statistics.nonFinite > 0 { text += "~" }
        return text
    }

    /// One line on the cell's state: "n=20, 2 pending, 1 failed".
    var summary: String {
        var parts = ["n=\(statistics.n)"]
        for (count, label) in [
            (statistics.pending, "pending"), (statistics.running, "running"),
            (statistics.failed, "failed"), (statistics.degenerate, "degenerate"),
            (statistics.nonFinite, "non-finite"), (statistics.missing, "without the metric"),
            (statistics.excluded, "left out by --where"),
        ]
        where count > 0 {
            parts.append("\(count) \(label)")
        }
        return parts.joined(separator: ", ")
    }
}

extension CellMarks {
    /// The legend entries for the marks `table` uses, led by `missing` when some cell has no value.
    static func legendEntries(for table: PhaseTable, missing: String) -> [String] {
        let statistics = table.cells.map(\.statistics)
        var entries: [String] = []
        if statistics.contains(where: { $0.value(of: table.statistic) == nil }) { entries.append(missing) }
        for (mark, meaning) in legend
        where statistics.contains(where: { CellMarks(statistics: $0).text.contains(mark) }) {
            entries.append("\(mark) \(meaning)")
        }
        return entries
    }
}
