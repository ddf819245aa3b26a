import Foundation
import SweepModel

/// Renders sweep progress as a table, as JSON, or as one live progress-bar line.
public enum StatusReport {
    /// The table; with `noETABecause`, no ETA is shown (nothing is running the sweeps) and a last line says why.
    /// `running` counts the tasks whose worker has started them, `leased` those that wait in a worker's queue
    /// (`?` when the store cannot tell them apart, and then `running` counts both).
    public static func table(_ sweeps: [SweepProgress], noETABecause reason: String? = nil) -> String {
        let header = [
            "sweep", "experiment", "state", "total", "pending", "leased", "running", "done", "failed", "tasks/s",
            "eta",
        ]
        let rows = sweeps.map { sweep in
            [
                sweep.name, sweep.experiment, sweep.state.rawValue, "\(sweep.total)", "\(sweep.pending + sweep.held)",
                sweep.leasedNotStarted.map(String.init) ?? "?", "\(sweep.started ?? sweep.running)", "\(sweep.done)",
                "\(sweep.failed + sweep.cancelled)", String(format: "%.1f", sweep.throughput),
                sweep.finished || reason != nil ? "-" : duration(sweep.etaSeconds),
            ]
        }
        let refining = sweeps.contains { $0.refinement != nil }
        var text = TextTable.render(
            header: header + (refining ? ["round"] : []),
            rows: refining ? zip(rows, sweeps).map { $0 + [$1.refinement?.summary ?? "-"] } : rows,
            rightAligned: Set(3..<11))
        for sweep in sweeps {
            if let waiting = sweep.waiting { text += "\nwaiting: \(sweep.name) (\(sweep.pending) pending): \(waiting)" }
        }
        guard let reason, sweeps.contains(where: { !$0.finished }) else { return text }
        return text + "\nno ETA: \(reason)"
    }

    public static func json(_ sweeps: [SweepProgress]) -> String {
        let items = sweeps.map { sweep in
            "{\"name\":\(JSONText.quote(sweep.name)),\"experiment\":\(JSONText.quote(sweep.experiment)),"
                + "\"total\":\(sweep.total),\"pending\":\(sweep.pending),\"running\":\(sweep.started ?? sweep.running),"
                + "\"done\":\(sweep.done),\"failed\":\(sweep.failed),\"held\":\(sweep.held),"
                + "\"cancelled\":\(sweep.cancelled),\"state\":\"\(sweep.state.rawValue)\","
                + "\"priority\":\(sweep.priority),"
                + "\"throughput\":\(JSONText.number(sweep.throughput)),"
                + "\"eta_seconds\":\(sweep.etaSeconds.map(JSONText.number) ?? "null"),"
                + "\"leased\":\(sweep.leasedNotStarted.map(String.init) ?? "null"),"
                + "\"waiting\":\(sweep.waiting.map(JSONText.quote) ?? "null")"
                + (sweep.refinement.map { ",\"refinement\":" + refinementJSON($0) } ?? "") + "}"
        }
        return "{\"sweeps\":[" + items.joined(separator: ",") + "]}"
    }

    private static func refinementJSON(_ refinement: RefinementProgress) -> String {
        "{\"round\":\(refinement.round),\"rounds\":\(refinement.rounds),"
            + "\"ended\":\(refinement.end.map { JSONText.quote($0.description) } ?? "null")}"
    }

    /// `name [#####.....] 120/300 done, 3 failed, 85.2 tasks/s, eta 2s, round 1/4`
    public static func progressLine(_ sweep: SweepProgress, width: Int = 30) -> String {
        let finished = sweep.done + sweep.failed
        let fraction = sweep.total == 0 ? 1 : Double(finished) / Double(sweep.total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var line = "\(sweep.name) [\(bar)] \(sweep.done)/\(sweep.total) done"
        if sweep.state != .active { line += " (\(sweep.state.rawValue))" }
        if sweep.failed > 0 { line += ", \(sweep.failed) failed" }
        let running = sweep.started ?? sweep.running
        if running > 0 { line += ", \(running) running" }
        if let leased = sweep.leasedNotStarted, leased > 0 { line += ", \(leased) leased" }
        line += String(format: ", %.1f tasks/s", sweep.throughput)
        if let waiting = sweep.waiting {
            line += ", waiting: \(waiting)"
        } else if !sweep.finished && sweep.state == .active {
            line += ", eta \(duration(sweep.etaSeconds))"
        }
        if let refinement = sweep.refinement { line += ", round \(refinement.summary)" }
        return line
    }

    /// The live view for a terminal of `width` columns and `height` rows: one row per sweep, then the `runs`
    /// lines (running tasks' progress) that fit, each cut to the width, and never more rows than fit (when
    /// sweeps are left out, the last row says how many), so that redrawing it over itself moves the cursor by
    /// exactly the rows it used.
    public static func screen(_ sweeps: [SweepProgress], runs: [String] = [], width: Int, height: Int) -> [String] {
        let width = max(width, 10)
        let rows = max(height - 1, 1)
        var lines = sweeps.map { fit(progressLine($0, width: max(10, min(30, width / 4))), width: width) }
        if lines.count > rows {
            let shown = max(rows - 1, 0)
            let hidden = lines.count - shown
            lines =
                Array(lines.prefix(shown)) + [fit("... and \(hidden) more sweeps (name one to watch it)", width: width)]
        }
        return lines + runs.prefix(rows - lines.count).map { fit($0, width: width) }
    }

    /// True when watching can stop: every sweep has finished or is paused or cancelled (nothing will move).
    public static func nothingLeftToWatch(_ sweeps: [SweepProgress]) -> Bool {
        sweeps.allSatisfy { $0.finished || $0.state != .active }
    }

    static func fit(_ line: String, width: Int) -> String {
        line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }

    /// `42s`, `3m07s` or `2h05m`, rounded up; `-` when unknown.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "-" }
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m"
    }
}
