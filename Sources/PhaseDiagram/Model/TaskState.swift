/// Where a task of a sweep stands, as far as a phase diagram cares.
public enum TaskState: String, Sendable, Hashable, Codable, CaseIterable {
    case pending, running, done, failed
}
