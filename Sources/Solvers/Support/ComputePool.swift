import Foundation

/// A fixed set of dedicated threads for blocking numeric work, run fork-join style.
///
/// `run` hands every worker the same job with its own index and returns when all of them are done.
/// Numeric work never touches Swift's cooperative pool: the caller's thread is worker 0 and the others
/// are `Thread`s owned by the pool, parked on a condition variable between jobs.
public final class ComputePool: Sendable {
    public let threadCount: Int
    private let shared: PoolState
    /// Serialises `run` calls from different threads: one job occupies the workers at a time.
    private let gate = NSLock()

    public init(threads: Int) {
        threadCount = max(1, threads)
        shared = PoolState()
        for index in 1..<threadCount {
            let state = shared
            let thread = Thread { state.workerLoop(index: index) }
            thread.name = "infosweep-compute-\(index)"
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    deinit {
        shared.shutDown()
    }

    /// Runs `job(index)` for every index in 0..<threadCount concurrently and waits for all of them.
    ///
    /// The job must only write memory that no other index touches; it may read shared inputs. Concurrent
    /// callers wait for each other. A job must not call `run` on the same pool.
    public func run(_ job: (Int) -> Void) {
        if threadCount == 1 {
            job(0)
            return
        }
        gate.lock()
        defer { gate.unlock() }
        withoutActuallyEscaping(job) { escapable in
            shared.start(escapable, workers: threadCount - 1)
            escapable(0)
            shared.waitForWorkers()
        }
    }
}

/// The state shared between a pool's caller and its threads.
///
/// `@unchecked Sendable` is safe here: every stored property is read and written only while `condition`
/// is held, and the job closure is only called between `start` and the end of `waitForWorkers`, during
/// which the caller of `ComputePool.run` is blocked, so the closure (and what it captures) outlives
/// every call made on the worker threads.
final class PoolState: @unchecked Sendable {
    private let condition = NSCondition()
    private var job: ((Int) -> Void)?
    private var generation = 0
    private var pending = 0
    private var stopping = false

    func start(_ newJob: @escaping (Int) -> Void, workers: Int) {
        condition.lock()
        job = newJob
        pending = workers
        generation += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForWorkers() {
        condition.lock()
        while pending > 0 { condition.wait() }
        job = nil
        condition.unlock()
    }

    func shutDown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    func workerLoop(index: Int) {
        var seen = 0
        while true {
            condition.lock()
            while generation == seen && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            seen = generation
            var current = job
            condition.unlock()
            current?(index)
            current = nil  // drop the closure before reporting, so it never outlives `run`
            condition.lock()
            pending -= 1
            if pending == 0 { condition.broadcast() }
            condition.unlock()
        }
    }
}
