/// Why a run failed, with the end of what it wrote (empty for the built-in experiments).
public struct RunFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: FailureKind
    public var message: String
    public var stdoutTail: String
    public var stderrTail: String

    public init(kind: FailureKind, message: String, stdoutTail: String = "", stderrTail: String = "") {
        self.kind = kind
        self.message = message
        self.stdoutTail = stdoutTail
        self.stderrTail = stderrTail
    }

    /// The text the worker reports to the coordinator as the attempt's error: its kind, then its message.
    public var description: String { "\(kind): \(message)" }
}
