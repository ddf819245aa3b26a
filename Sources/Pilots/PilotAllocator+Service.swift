import ServiceLifecycle

extension PilotAllocator: Service {
    /// Allocates as `allocate()` does; a graceful shutdown of the service group (SIGTERM, SIGINT) stops it
    /// between decisions, leaving its pilots for a restarted allocator to find.
    public func run() async throws {
        _ = try await cancelWhenGracefulShutdown { try await self.allocate() }
    }
}
