import Synchronization

/// How a run ended for the worker: with the runner's outcome, or abandoned by a stop that would not wait longer.
enum RunEnd: Sendable {
    case finished(RunOutcome)
    case abandoned
}

/// Hands a run's end to the waiting worker exactly once, whichever side comes first.
final class RunDelivery: Sendable {
    private let continuation: Mutex<CheckedContinuation<RunEnd, Never>?>

    init(_ continuation: CheckedContinuation<RunEnd, Never>) {
        self.continuation = Mutex(continuation)
    }

    func deliver(_ end: RunEnd) {
        continuation.withLock { pending in
            defer { pending = nil }
            return pending
        }?.resume(returning: end)
    }
}
