import Foundation
import SweepModel
import Worker

/// One built-in task for an executor child: the experiment, its parameters, the threads it may use and the
/// memory it was granted (MiB; nil for no limit).
struct ExecutorJob: Sendable, Hashable {
    var id: UInt64
    var experiment: String
    var parameters: Parameters
    var threads: Int
    var memoryMiB: Int? = nil

    /// The line's resources field: the threads, then `/` and the granted MiB when there is a limit.
    var resourcesField: String { memoryMiB.map { "\(threads)/\($0)" } ?? "\(threads)" }
}

/// What the worker tells an executor child, one line each: tab-separated fields, parameters in their
/// canonical JSON (a no-op task's exchange is on the worker's hot path, so no general-purpose coder).
enum ExecutorMessage: Sendable, Hashable {
    case run(ExecutorJob)
    /// Raise the cancellation flag of job `id` if it is still running.
    case cancel(id: UInt64)

    var line: String {
        switch self {
        case .run(let job):
            "run\t\(job.id)\t\(job.resourcesField)\t\(JSONText.quote(job.experiment))\t"
                + "\(job.parameters.canonicalJSON)\n"
        case .cancel(let id): "cancel\t\(id)\n"
        }
    }

    init(line: Data) throws(ExecutorLineError) {
        let fields = ExecutorLine.fields(line, count: 5)
        switch (fields.first, fields.count) {
        case ("run", 5):
            let resources = fields[2].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let memory = resources.count == 2 ? Int(resources[1]) : nil
            guard let id = UInt64(fields[1]), let threads = Int(resources[0]),
                resources.count == 1 || memory != nil,
                let experiment = ExecutorLine.unquote(fields[3]),
                let parameters = try? Parameters(canonicalJSON: fields[4])
            else { throw ExecutorLineError(line: line) }
            self = .run(
                ExecutorJob(
                    id: id, experiment: experiment, parameters: parameters, threads: threads, memoryMiB: memory))
        case ("cancel", 2):
            guard let id = UInt64(fields[1]) else { throw ExecutorLineError(line: line) }
            self = .cancel(id: id)
        default:
            throw ExecutorLineError(line: line)
        }
    }
}

/// What an executor child answers for a job, one line: its kind, the job's id, then what the kind carries.
struct ExecutorReply: Sendable, Hashable {
    /// How a job ended inside the child.
    enum Ending: Sendable, Hashable {
        case succeeded(Metrics, RunFacts)
        /// The experiment or its parameters were refused before it ran.
        case refused(String)
        /// The experiment threw an error of its own.
        case failed(String)
        case cancelled
    }

    var id: UInt64
    var ending: Ending

    var line: String {
        switch ending {
        case .succeeded(let metrics, let facts):
            "ok\t\(id)\t\(facts.peakRSSBytes)\t\(facts.kernels)\t\(metrics.jsonText)\n"
        case .refused(let message): "refused\t\(id)\t\(JSONText.quote(message))\n"
        case .failed(let message): "failed\t\(id)\t\(JSONText.quote(message))\n"
        case .cancelled: "cancelled\t\(id)\n"
        }
    }

    init(id: UInt64, ending: Ending) {
        self.id = id
        self.ending = ending
    }

    init(line: Data) throws(ExecutorLineError) {
        let fields = ExecutorLine.fields(line, count: 5)
        guard fields.count >= 2, let id = UInt64(fields[1]) else { throw ExecutorLineError(line: line) }
        self.id = id
        switch (fields[0], fields.count) {
        case ("ok", 5):
            guard let peak = Int(fields[2]), let metrics = try? Metrics(jsonText: fields[4]) else {
                throw ExecutorLineError(line: line)
            }
            ending = .succeeded(metrics, RunFacts(peakRSSBytes: peak, kernels: fields[3]))
        case ("refused", 3), ("failed", 3):
            guard let message = ExecutorLine.unquote(fields[2]) else { throw ExecutorLineError(line: line) }
            ending = fields[0] == "refused" ? .refused(message) : .failed(message)
        case ("cancelled", 2):
            ending = .cancelled
        default:
            throw ExecutorLineError(line: line)
        }
    }
}

/// A line between the worker and an executor child that is not a message of the protocol.
struct ExecutorLineError: Error, CustomStringConvertible {
    var line: Data

    var description: String { "unreadable executor line: \(String(decoding: line.prefix(200), as: UTF8.self))" }
}

/// The fields of the executor's lines.
enum ExecutorLine {
    /// At most `count` tab-separated fields; the last one keeps any tabs after it.
    static func fields(_ line: Data, count: Int) -> [String] {
        String(decoding: line, as: UTF8.self).split(
            separator: "\t", maxSplits: count - 1, omittingEmptySubsequences: false
        )
        .map(String.init)
    }

    /// The string a JSON string literal stands for; nil when `text` is not one.
    static func unquote(_ text: String) -> String? {
        try? JSONDecoder().decode(String.self, from: Data(text.utf8))
    }
}
