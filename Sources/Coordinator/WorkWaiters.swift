/// Claims waiting for work (long-polls): each is woken once, by new work, by its deadline or by cancellation.
struct WorkWaiters {
    private var waiting: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextID: UInt64 = 0
    /// Bumped whenever work may have appeared or the queue may have gone idle, so that a claim that looked
    /// before the change and waits after it does not miss it.
    private(set) var generation: UInt64 = 0

    /// Reserves an id for a waiter about to suspend.
    mutating func reserve() -> UInt64 {
        nextID += 1
        return nextID
    }

    mutating func add(_ id: UInt64, _ continuation: CheckedContinuation<Void, Never>) {
        waiting[id] = continuation
    }

    /// Wakes one waiter (its deadline passed, or it was cancelled); nothing if it was already woken.
    mutating func wake(_ id: UInt64) {
        waiting.removeValue(forKey: id)?.resume()
    }

    /// Wakes every waiter: work may have appeared.
    mutating func wakeAll() {
        generation &+= 1
        let woken = waiting.values
        waiting.removeAll()
        for continuation in woken { continuation.resume() }
    }

    var count: Int { waiting.count }
}
