import Foundation
import SweepModel

/// The folder of one attempt of a command task on a worker: `<work-dir>/tasks/<task_key>/<attempt>/`, with
/// the task's `params.json`, its metrics file and its stdout and stderr.
struct CommandTaskFolder {
    let path: String

    init(workDirectory: String, key: String, attempt: Int) {
        path = workDirectory + "/tasks/\(key)/\(attempt)"
    }

    var paramsFile: String { path + "/params.json" }
    var metricsFile: String { path + "/metrics.json" }
    var stdoutFile: String { path + "/stdout" }
    var stderrFile: String { path + "/stderr" }

    /// Makes the folder afresh (a previous run of the same attempt number leaves nothing behind) and writes
    /// the parameters.
    func prepare(parameters: Parameters) throws {
        let manager = FileManager.default
        try? manager.removeItem(atPath: path)
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data((parameters.canonicalJSON + "\n").utf8).write(to: URL(fileURLWithPath: paramsFile))
    }

    /// The last `limit` bytes of the file at `path`, as text; empty when there is none.
    static func tail(of path: String, limit: Int = 64 * 1024) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(limit) ? size - UInt64(limit) : 0)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }
}
