import SweepModel

extension PhaseTable {
    /// A JSON array with one object per cell, keyed by axis names and statistic names; undefined statistics
    /// are null. `pandas.read_json` reads it as one row per cell.
    public func json() -> String {
        let names = exportColumns.map(JSONText.quote)
        let objects = cells.map { cell in
            let members = zip(names, exportRow(cell)).map { name, field in
                let text = switch field {
                case .axis(let value): value?.canonicalJSON ?? "null"
                case .count(let count): String(count)
                case .number(let number): number.flatMap(NumberText.exact) ?? "null"
                }
                return name + ":" + text
            }
            return "  {" + members.joined(separator: ",") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
