import ServiceLifecycle

extension TaskWorker: Service {
    /// Works as `work()` does; a graceful shutdown of the service group (SIGTERM, SIGINT), or cancellation,
    /// stops the worker as `stop()` does.
    public func run() async throws {
        _ = try await withTaskCancellationOrGracefulShutdownHandler {
            try await work()
        } onCancelOrGracefulShutdown: {
            Task { await self.stop() }
        }
    }

    /// How a service group runs the worker: when it ends on its own (idle, `maxTasks`, the deadline) the group
    /// ends gracefully rather than as a failure; a refusal it throws ends the group with that error.
    public nonisolated var serviceConfiguration: ServiceGroupConfiguration.ServiceConfiguration {
        .init(
            service: self, successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .cancelGroup)
    }
}
