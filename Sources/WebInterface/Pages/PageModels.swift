import Foundation
import Query
import SweepModel
import WireProtocol

/// A sweep's progress as the pages show it: counts, the widths of its bar, throughput and ETA.
struct SweepRow {
    let name: String
    let url: String
    let experiment: String
    let state: String
    let total: Int
    let done: Int
    let running: Int
    let leased: String
    let pending: Int
    let failed: Int
    let donePercent: String
    let runningPercent: String
    let failedPercent: String
    let throughput: String
    let eta: String
    let waiting: String?

    init(_ sweep: SweepProgress) {
        name = sweep.name
        url = "/sweeps/" + PathComponent.escape(sweep.name)
        experiment = sweep.experiment
        state = sweep.state.rawValue
        total = sweep.total
        done = sweep.done
        running = sweep.started ?? sweep.running
        leased = sweep.leasedNotStarted.map(String.init) ?? "?"
        pending = sweep.pending + sweep.held
        failed = sweep.failed + sweep.cancelled
        func percent(_ count: Int) -> String {
            String(format: "%.2f", sweep.total == 0 ? 0 : 100 * Double(count) / Double(sweep.total))
        }
        donePercent = percent(sweep.done)
        runningPercent = percent(sweep.running)
        failedPercent = percent(failed)
        throughput = String(format: "%.1f", sweep.throughput)
        eta = sweep.finished || sweep.state != .active ? "-" : StatusReport.duration(sweep.etaSeconds)
        waiting = sweep.waiting
    }
}

/// A connected worker as the home page lists it.
struct WorkerRow {
    let id: String
    let host: String
    let slots: String
    let cores: String
    let memory: String
    let gpus: String
    let running: Int
    let lastSeen: String
    let done: Int

    init(_ worker: WorkerStatus, now: Double) {
        id = worker.id
        host = worker.host
        (slots, cores, memory, gpus) = worker.usage
        running = worker.running.count
        lastSeen = String(format: "%.1fs ago", max(0, now - worker.lastSeenAt))
        done = worker.tasksDone
    }
}

/// One choice of a select box.
struct Choice {
    let name: String
    let selected: Bool
}

/// A select box of the view form: the query parameter it sets, whether it may be left empty, and its choices.
struct Select {
    let name: String
    let optional: Bool
    let choices: [Choice]

    init(_ name: String, optional: Bool = false, _ values: [String], selected: String?) {
        self.name = name
        self.optional = optional
        choices = values.map { Choice(name: $0, selected: $0 == selected) }
    }
}

/// A failed task with the end of what its last attempt wrote.
struct FailureRow {
    let key: String
    let parameters: String
    let error: String
    let stdout: String?
    let stderr: String?
}

/// Escapes a sweep name for a URL path.
enum PathComponent {
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? text
    }
}
