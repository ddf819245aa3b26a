extension PhaseTable {
    /// One header line and one line per cell (RFC 4180), empty fields where a statistic is undefined.
    public func csv() -> String {
        var lines = [exportColumns.map(Self.csvField).joined(separator: ",")]
        for cell in cells {
            lines.append(exportRow(cell).map { field in
                switch field {
                case .axis(let value): Self.csvField(value?.description ?? "")
                case .count(let count): String(count)
                case .number(let number): number.flatMap(NumberText.exact) ?? ""
                }
            }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
