/// How the store trades durability for speed, and how long it waits on a locked database.
public struct StoreOptions: Sendable {
    /// `full` syncs every commit to disk (survives power loss); `normal` survives a crash of the process.
    public enum Durability: String, Sendable, CaseIterable {
        case full, normal
    }

    public var durability: Durability

    public init(durability: Durability = .full) {
        self.durability = durability
    }
}
