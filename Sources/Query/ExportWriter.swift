import SweepModel

/// Writes task records as CSV or JSON Lines, one row per task, a page at a time.
public struct ExportWriter {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    public let format: Format
    private var parameterNames: [String]?
    private var metricNames: [String] = []
    private let write: (String) -> Void

    static let provenanceColumns = [
        "host", "cpu_model", "threads", "version", "started_at", "ended_at", "wall_seconds", "peak_rss_bytes",
        "kernels", "task_folder",
    ]

    public init(format: Format, write: @escaping (String) -> Void) {
        self.format = format
        self.write = write
    }

    /// Writes one page; for CSV the first page fixes the columns.
    public mutating func append(_ records: [TaskRecord]) {
        switch format {
        case .jsonl:
            for record in records { write(Self.jsonLine(record) + "\n") }
        case .csv:
            if parameterNames == nil {
                parameterNames = Set(records.flatMap { $0.parameters.names }).sorted()
                var seen = Set<String>()
                metricNames = records.flatMap { $0.metrics?.names ?? [] }.filter { seen.insert($0).inserted }
                let header =
                    ["task_id", "key", "experiment", "state", "attempts", "error"] + parameterNames!
                    + metricNames.map { "metric." + $0 } + Self.provenanceColumns
                write(header.map(Self.csvField).joined(separator: ",") + "\n")
            }
            for record in records { write(csvLine(record) + "\n") }
        }
    }

    private func csvLine(_ record: TaskRecord) -> String {
        var fields = [
            "\(record.taskID)", record.key, record.experiment, record.state.rawValue, "\(record.attempts)",
            record.error ?? "",
        ]
        fields += (parameterNames ?? []).map { record.parameters[$0]?.description ?? "" }
        fields += metricNames.map { name in record.metrics?[name].map(Self.number) ?? "" }
        if let provenance = record.provenance {
            fields += [
                provenance.host, provenance.cpuModel, "\(provenance.threads)", provenance.version,
                Self.number(provenance.startedAt), Self.number(provenance.endedAt),
                Self.number(provenance.wallSeconds), "\(provenance.peakRSSBytes)", provenance.kernels,
                provenance.taskFolder,
            ]
        } else {
            fields += Array(repeating: "", count: Self.provenanceColumns.count)
        }
        return fields.map(Self.csvField).joined(separator: ",")
    }

    static func jsonLine(_ record: TaskRecord) -> String {
        var line =
            "{\"task_id\":\(record.taskID),\"key\":\(JSONText.quote(record.key)),"
            + "\"experiment\":\(JSONText.quote(record.experiment)),\"state\":\"\(record.state.rawValue)\","
            + "\"attempts\":\(record.attempts),\"error\":\(record.error.map(JSONText.quote) ?? "null"),"
            + "\"params\":\(record.parameters.canonicalJSON),\"metrics\":\(record.metrics?.jsonText ?? "null")"
        if let provenance = record.provenance {
            line +=
                ",\"provenance\":{\"host\":\(JSONText.quote(provenance.host)),"
                + "\"cpu_model\":\(JSONText.quote(provenance.cpuModel)),\"threads\":\(provenance.threads),"
                + "\"version\":\(JSONText.quote(provenance.version)),"
                + "\"started_at\":\(JSONText.number(provenance.startedAt)),"
                + "\"ended_at\":\(JSONText.number(provenance.endedAt)),"
                + "\"wall_seconds\":\(JSONText.number(provenance.wallSeconds)),"
                + "\"peak_rss_bytes\":\(provenance.peakRSSBytes),\"kernels\":\(JSONText.quote(provenance.kernels)),"
                + "\"task_folder\":\(JSONText.quote(provenance.taskFolder))}"
        } else {
            line += ",\"provenance\":null"
        }
        return line + "}"
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? JSONText.number(value) : (value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
