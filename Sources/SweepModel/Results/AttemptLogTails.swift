/// The ends of what an attempt's command wrote to stdout and stderr, kept with the attempt.
public struct AttemptLogTails: Sendable, Hashable {
    /// The most of each stream kept: its last 64 KiB.
    public static let limit = 64 * 1024

    public var stdout: String
    public var stderr: String

    public init(stdout: String = "", stderr: String = "") {
        self.stdout = stdout
        self.stderr = stderr
    }

    public var isEmpty: Bool { stdout.isEmpty && stderr.isEmpty }

    /// The last `limit` bytes of `text`, cut at a character boundary.
    public static func clipped(_ text: String) -> String {
        guard text.utf8.count > limit else { return text }
        return String(decoding: text.utf8.suffix(limit), as: UTF8.self)
    }
}
