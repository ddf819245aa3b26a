/// Where a task is in its life: waiting, leased to a worker, finished with an accepted result, or given up.
public enum TaskState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, done, failed
}
