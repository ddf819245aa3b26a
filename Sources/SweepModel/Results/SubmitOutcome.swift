/// What submitting a sweep changed: tasks created, and tasks that already existed (in this or another sweep).
public struct SubmitOutcome: Sendable, Hashable, Codable {
    public var sweep: String
    public var added: Int
    public var existing: Int

    public init(sweep: String, added: Int, existing: Int) {
        self.sweep = sweep
        self.added = added
        self.existing = existing
    }
}
