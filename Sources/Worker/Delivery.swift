import Synchronization

/// How a run ended for the worker: with the runner's outcome, or abandoned by a stop that would not wait longer.
enum RunEnd: Sendable {
    case finished(RunOutcome)
    case abandoned
}

/// Hands a value to a waiting continuation exactly once, whichever side comes first.
final class Delivery<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value, Never>?>

    init(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation = Mutex(continuation)
    }

    func deliver(_ value: Value) {
        continuation.withLock { pending in
            defer { pending = nil }
            return pending
        }?.resume(returning: value)
    }
}
