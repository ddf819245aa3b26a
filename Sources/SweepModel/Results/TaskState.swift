/// Where a task is in its life: waiting, held back (its sweeps are paused), leased to a worker, finished
/// with an accepted result, given up after its retries, or cancelled with its sweep.
public enum TaskState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, held, running, done, failed, cancelled
}
