import Logging
import ServiceLifecycle

/// Re-queues expired leases on a fixed cadence of the coordinator's clock, so that a task whose worker
/// vanished runs again.
public struct LeaseReaper: Service {
    private let core: CoordinatorCore
    private let intervalSeconds: Double
    private let logger: Logger

    public init(core: CoordinatorCore, logger: Logger) {
        self.core = core
        self.intervalSeconds = max(0.1, min(5, core.configuration.leaseSeconds / 4))
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await core.expireLeases()
                } catch {
                    logger.error("lease expiry failed", metadata: ["error": "\(error)"])
                }
                try await core.clock.sleep(for: intervalSeconds)
            }
        }
    }
}
