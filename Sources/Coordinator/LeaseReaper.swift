import Logging
import ServiceLifecycle

/// Re-queues expired leases on a fixed cadence of the coordinator's clock, so that a task whose worker
/// vanished runs again, and asks for the refinement rounds that are due (those of sweeps whose last tasks ended
/// while no coordinator ran, too).
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
                await core.refineFinishedRounds()
                try await core.clock.sleep(for: intervalSeconds)
            }
        }
    }
}
