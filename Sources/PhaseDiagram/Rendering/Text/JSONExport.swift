import SweepModel

extension PhaseTable {
    /// A JSON array with one object per cell, keyed by axis names and statistic names; undefined statistics
    /// are null. `pandas.read_json` reads it as one row per cell.
    public func json() -> String {
        guard !cells.isEmpty else { return "[]\n" }
        let keys = exportColumns.map { JSONText.quote($0) + ":" }
        var output = "["
        output.reserveCapacity(cells.count * 420)
        for (cellIndex, cell) in cells.enumerated() {
            output += cellIndex == 0 ? "\n  {" : ",\n  {"
            for (index, field) in exportRow(cell).enumerated() {
                if index > 0 { output += "," }
                output += keys[index]
                switch field {
                case .axis(let value): output += value?.canonicalJSON ?? "null"
                case .count(let count): output += String(count)
                case .number(let number): output += number.flatMap(NumberText.exact) ?? "null"
                }
            }
            output += "}"
        }
        return output + "\n]\n"
    }
}
