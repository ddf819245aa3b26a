extension PhaseTable {
    /// One header line and one line per cell (RFC 4180), empty fields where a statistic is undefined.
    public func csv() -> String {
        var output = exportColumns.map(Self.csvField).joined(separator: ",") + "\n"
        output.reserveCapacity(cells.count * 160)
        for cell in cells {
            for (index, field) in exportRow(cell).enumerated() {
                if index > 0 { output += "," }
                switch field {
                case .axis(let value): output += Self.csvField(value?.description ?? "")
                case .count(let count): output += String(count)
                case .number(let number): output += number.flatMap(NumberText.exact) ?? ""
                }
            }
            output += "\n"
        }
        return output
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
