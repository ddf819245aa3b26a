import Foundation
import Synchronization
import TaskStore

/// Runs store operations on one dedicated thread and commits them in groups.
///
/// Every operation queued while the previous commit was running goes into the next transaction, each in
/// its own savepoint; callers hear back only after that transaction has committed. A failed commit (disk
/// full, read-only file) fails every operation in the group, so nothing unstored is ever acknowledged.
public final class StoreExecutor: Sendable {
    private struct Job: Sendable {
        /// Runs the work inside the open transaction and returns what to do once it is committed.
        var run: @Sendable (TaskStore) -> @Sendable () -> Void
        var fail: @Sendable (Error) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var stopped = false
        var closed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let queue = Mutex(Queue())
    private let wakeUp = NSCondition()
    private let maximumGroup: Int
    public let path: String

    /// Opens (creating if needed) the database at `path` on a new thread; throws if it cannot be opened.
    /// The caller waits without blocking a thread of the cooperative pool.
    public init(path: String, options: StoreOptions = StoreOptions(), maximumGroup: Int = 1024) async throws {
        self.path = path
        self.maximumGroup = maximumGroup
        try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Void, Error>) in
            let thread = Thread { [self] in
                let store: TaskStore
                do {
                    store = try TaskStore(path: path, options: options)
                } catch {
                    opened.resume(throwing: error)
                    return
                }
                opened.resume()
                serve(store)
                finish(store)
            }
            thread.name = "infosweep-store"
            thread.start()
        }
    }

    /// Runs `work` in the next group commit and returns its value once that commit is durable.
    public func perform<T: Sendable>(_ work: @escaping @Sendable (TaskStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let job = Job(
                run: { store in
                    do {
                        let value = try store.savepoint(work)
                        return { continuation.resume(returning: value) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let accepted = queue.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.jobs.append(job)
                return true
            }
            guard accepted else {
                continuation.resume(throwing: StoreError.closed)
                return
            }
            wakeUp.lock()
            wakeUp.signal()
            wakeUp.unlock()
        }
    }

    /// Opens the database at `path`, runs `body` with its executor, then closes it, whether `body` returns or
    /// throws: a process that ends after this leaves its whole database in the database file.
    public static func withStore<T>(
        path: String, options: StoreOptions = StoreOptions(), _ body: (StoreExecutor) async throws -> T
    ) async throws -> T {
        let store = try await StoreExecutor(path: path, options: options)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    /// Finishes the queued work, stops the thread and closes the database (`TaskStore.close`), returning once
    /// it is closed; work submitted afterwards fails with `StoreError.closed`.
    public func close() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let closed = queue.withLock { state in
                state.stopped = true
                if !state.closed { state.closeWaiters.append(done) }
                return state.closed
            }
            if closed {
                done.resume()
                return
            }
            wakeUp.lock()
            wakeUp.signal()
            wakeUp.unlock()
        }
    }

    private func serve(_ store: TaskStore) {
        while true {
            wakeUp.lock()
            var batch: [Job] = []
            var stopped = false
            while true {
                (batch, stopped) = queue.withLock { state in
                    let taken = Array(state.jobs.prefix(maximumGroup))
                    state.jobs.removeFirst(taken.count)
                    return (taken, state.stopped)
                }
                if !batch.isEmpty || stopped { break }
                wakeUp.wait()
            }
            wakeUp.unlock()
            if batch.isEmpty && stopped { return }
            runGroup(batch, on: store)
        }
    }

    /// Closes the database once `serve` has returned and answers everyone waiting in `close`.
    private func finish(_ store: TaskStore) {
        store.close()
        let waiters = queue.withLock { state in
            state.closed = true
            defer { state.closeWaiters = [] }
            return state.closeWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Runs the batch in one transaction, each job in its own savepoint, and answers every job only once the
    /// transaction has committed; a failed begin or commit fails them all.
    private func runGroup(_ batch: [Job], on store: TaskStore) {
        let replies: [@Sendable () -> Void]
        do {
            replies = try store.transaction { store in batch.map { $0.run(store) } }
        } catch {
            batch.forEach { $0.fail(error) }
            return
        }
        replies.forEach { $0() }
    }
}
