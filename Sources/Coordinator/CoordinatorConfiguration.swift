import SweepModel
import TaskStore

/// Everything a coordinator needs to know before it starts serving.
public struct CoordinatorConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The shared secret every peer must present in its hello; never empty.
    public var token: String
    public var leaseSeconds: Double
    public var heartbeatSeconds: Double
    public var limits: RetryLimits
    public var maximumFrameLength: Int
    /// How long a new connection may take to say hello before it is dropped.
    public var helloTimeoutSeconds: Double
    /// How many requests one connection may have in flight before it is dropped.
    public var maximumInFlightPerConnection: Int
    /// The most points a submitted sweep may have.
    public var maxSweepPoints: Int

    public init(
        host: String = "127.0.0.1", port: Int = 7420, token: String, leaseSeconds: Double = 30,
        heartbeatSeconds: Double? = nil, limits: RetryLimits = RetryLimits(),
        maximumFrameLength: Int = 16 << 20, helloTimeoutSeconds: Double = 10, maximumInFlightPerConnection: Int = 64,
        maxSweepPoints: Int = SweepSpec.defaultMaxPoints
    ) {
        self.maxSweepPoints = maxSweepPoints
        self.host = host
        self.port = port
        self.token = token
        self.leaseSeconds = leaseSeconds
        self.heartbeatSeconds = heartbeatSeconds ?? leaseSeconds / 3
        self.limits = limits
        self.maximumFrameLength = maximumFrameLength
        self.helloTimeoutSeconds = helloTimeoutSeconds
        self.maximumInFlightPerConnection = maximumInFlightPerConnection
    }
}

/// A coordinator that cannot start as configured.
public struct CoordinatorConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
