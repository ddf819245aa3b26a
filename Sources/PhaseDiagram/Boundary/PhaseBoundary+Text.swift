import SweepModel

extension PhaseBoundary {
    /// "symkl_laplace (median) crosses 0.05 along sigma", what the estimate is of.
    public var headline: String {
        "\(table.metric) (median) crosses \(NumberText.compact(threshold, digits: 6)) along \(table.x.name)"
            + table.conditionsSuffix
    }

    /// "cells of 3 values cover 75%" when some cells' median intervals cannot reach the confidence asked for.
    var coverageNote: String? {
        let short = table.cells.filter { table.shortfall(of: $0.statistics) != nil }
        guard let least = short.min(by: { $0.statistics.n < $1.statistics.n })?.statistics,
            let coverage = least.medianCICoverage
        else { return nil }
        return "cells of \(least.n) values cover \(NumberText.compact(coverage * 100, digits: 3))%"
    }

    /// The y value as the table's labels write it (0.0317 for 0.0316763921753).
    private func yLabel(_ value: ParamValue) -> String {
        guard let y = table.y, let index = y.values.firstIndex(of: value) else { return value.description }
        return y.labels[index]
    }

    /// One line per row: y (when the table has one), x*, its interval and the cells it was read from; a block
    /// per facet value.
    public func text() -> String {
        let header = [table.y?.name ?? "", "\(table.x.name)*", "interval", "cells"]
        var lines = [headline]
        for facet in table.facetIndices {
            if let facetAxis = table.facet { lines.append("\n\(facetAxis.name) = \(facetAxis.values[facet])") }
            let rows = crossings.filter { $0.facet == table.facet?.values[facet] }.map { crossing in
                [
                    crossing.y.map(yLabel) ?? "", crossing.x.map { NumberText.compact($0, digits: 4) } ?? "-",
                    crossing.low.map { low in
                        "[\(NumberText.compact(low, digits: 4)), \(NumberText.compact(crossing.high!, digits: 4))]"
                    } ?? (crossing.cells < 2 ? "too few cells" : "no crossing"), "\(crossing.cells)",
                ]
            }
            let widths = header.indices.map { column in
                ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
            }
            for row in [header] + rows {
                let cells = (table.y == nil ? Array(row.dropFirst()) : row)
                let columnWidths = table.y == nil ? Array(widths.dropFirst()) : widths
                lines.append(
                    zip(cells, columnWidths).enumerated().map { column, pair in
                        column == 0 && table.y != nil
                            ? TextLayout.left(pair.0, pair.1) : TextLayout.right(pair.0, pair.1)
                    }.joined(separator: "  "))
            }
        }
        lines.append(
            "x* interpolates the cell medians linearly; the interval comes from their \(table.medianIntervalLabel)"
                + (coverageNote.map { " (\($0))" } ?? ""))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"metric": ..., "threshold": ..., "axes": {...}, "boundary": [{"y": ..., "x": ..., "x_low": ...,
    /// "x_high": ..., "cells": ...}, ...]}`, with "facet" in each entry where the table has one and no "y"
    /// without a y axis; x, x_low and x_high are null for rows that do not cross.
    public func json() -> String {
        func number(_ value: Double?) -> String { value.flatMap(NumberText.exact) ?? "null" }
        var axes = ["\"x\":" + JSONText.quote(table.x.name)]
        if let y = table.y { axes.append("\"y\":" + JSONText.quote(y.name)) }
        if let facet = table.facet { axes.append("\"facet\":" + JSONText.quote(facet.name)) }
        let entries = crossings.map { crossing in
            var fields: [String] = []
            if let facet = crossing.facet { fields.append("\"facet\":" + facet.canonicalJSON) }
            if let y = crossing.y { fields.append("\"y\":" + y.canonicalJSON) }
            fields += [
                "\"x\":" + number(crossing.x), "\"x_low\":" + number(crossing.low),
                "\"x_high\":" + number(crossing.high), "\"cells\":\(crossing.cells)",
            ]
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "{\"metric\":\(JSONText.quote(table.metric)),\"threshold\":\(number(threshold)),"
            + "\"axes\":{\(axes.joined(separator: ","))},\"conditions\":["
            + table.conditions.map(JSONText.quote).joined(separator: ",") + "],\"boundary\":[\n  "
            + entries.joined(separator: ",\n  ") + "\n]}\n"
    }
}

extension PhaseBoundary {
    /// The boundary drawn over the table's cells (see `SVGBoundaryMap`).
    public func svg() -> String {
        SVGBoundaryMap(boundary: self).render()
    }
}
