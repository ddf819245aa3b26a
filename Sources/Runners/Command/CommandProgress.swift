import Foundation

/// Reads a command's progress: its last stdout line `INFOSWEEP_PROGRESS {...}`, a JSON object the worker sends
/// with its next heartbeat and `infosweep workers` shows.
enum CommandProgress {
    static let linePrefix = "INFOSWEEP_PROGRESS "
    /// The end of stdout that is searched, and the longest report passed on.
    static let searchedBytes = 16 * 1024
    static let longestReport = 1024

    /// The object of the last progress line in the file at `stdoutFile`; nil when there is none, or the last
    /// one is not a JSON object or is longer than `longestReport`.
    static func latest(in stdoutFile: String) -> String? {
        let tail = CommandTaskFolder.tail(of: stdoutFile, limit: searchedBytes)
        guard let line = tail.split(whereSeparator: \.isNewline).last(where: { $0.hasPrefix(linePrefix) }) else {
            return nil
        }
        let object = line.dropFirst(linePrefix.count).trimmingCharacters(in: .whitespaces)
        guard object.utf8.count <= longestReport,
            (try? JSONSerialization.jsonObject(with: Data(object.utf8))) is [String: Any]
        else { return nil }
        return object
    }
}
