/// What a backup copied: the copy's size and the rows it holds.
public struct BackupReport: Sendable, Hashable, Codable {
    public var sweeps: Int
    public var tasks: Int
    public var results: Int
    public var pages = 0
    public var bytes = 0
    public var seconds = 0.0

    public init(sweeps: Int, tasks: Int, results: Int) {
        self.sweeps = sweeps
        self.tasks = tasks
        self.results = results
    }
}
