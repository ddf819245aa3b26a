import Foundation
import Synchronization

/// A thread of its own for blocking work (solver runs), so that none of it runs on the cooperative pool.
public final class DedicatedThread: Sendable {
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let signal = NSCondition()

    public init(name: String) {
        let thread = Thread { [self] in serve() }
        thread.name = name
        thread.start()
    }

    /// Runs `body` on the thread and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Queues `job` to run on the thread after the jobs before it.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        jobs.withLock { $0.append(job) }
        signal.lock()
        signal.signal()
        signal.unlock()
    }

    private func serve() {
        while true {
            signal.lock()
            var job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            while job == nil {
                signal.wait()
                job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            }
            signal.unlock()
            job?()
        }
    }
}
