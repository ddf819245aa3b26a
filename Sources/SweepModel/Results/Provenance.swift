/// Where and how a result was produced.
public struct Provenance: Sendable, Hashable, Codable {
    public var host: String
    public var cpuModel: String
    public var threads: Int
    public var version: String
    /// Unix times, in seconds.
    public var startedAt: Double
    public var endedAt: Double
    public var wallSeconds: Double
    public var peakRSSBytes: Int
    /// The engine kernels of the process that ran a built-in experiment (`portable`, `avx2`); empty for a
    /// command.
    public var kernels: String
    /// Where a command's attempt kept its files, `host:path`; empty for a built-in experiment.
    public var taskFolder: String

    public init(
        host: String, cpuModel: String, threads: Int, version: String, startedAt: Double, endedAt: Double,
        wallSeconds: Double, peakRSSBytes: Int, kernels: String = "", taskFolder: String = ""
    ) {
        self.kernels = kernels
        self.taskFolder = taskFolder
        self.host = host
        self.cpuModel = cpuModel
        self.threads = threads
        self.version = version
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.wallSeconds = wallSeconds
        self.peakRSSBytes = peakRSSBytes
    }
}
