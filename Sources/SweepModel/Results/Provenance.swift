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

    public init(
        host: String, cpuModel: String, threads: Int, version: String, startedAt: Double, endedAt: Double,
        wallSeconds: Double, peakRSSBytes: Int
    ) {
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
