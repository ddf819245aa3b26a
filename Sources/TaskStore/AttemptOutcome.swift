/// How one attempt at a task ended, as recorded in its history (`attempts.outcome`).
public enum AttemptOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// Leased and not yet reported.
    case running
    /// Its result is the task's accepted result.
    case accepted
    /// Its result arrived after the attempt stopped being current; kept in history only.
    case stale
    /// Its failure report arrived after the attempt stopped being current.
    case staleFailure = "stale-failure"
    /// The solver or command failed; counted against the failure budget.
    case failed
    /// Given back by a stopping worker without penalty.
    case released
    /// Its lease ran out; counted against the lost-lease budget.
    case lost
    /// Its sweep was cancelled while it ran.
    case cancelled
    /// Its sweep was paused with `--stop-running` while it ran; the task runs again on resume, at no cost.
    case paused
    /// Its accepted result was dropped when the task was re-queued.
    case superseded

    /// The outcome as a quoted SQL literal.
    var sql: String { "'\(rawValue)'" }
}
