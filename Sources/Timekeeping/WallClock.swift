import Foundation

/// Where the coordinator and the worker read the time and wait: the system's clock in service, a manual
/// clock in tests, so that lease expiry, long-polls and heartbeats can be driven without real waiting.
public protocol WallClock: Sendable {
    /// Seconds since 1970-01-01 UTC.
    func now() -> Double

    /// Returns once `seconds` have passed on this clock; throws `CancellationError` if the task is cancelled.
    func sleep(for seconds: Double) async throws
}

extension WallClock {
    /// Sleeps until the clock reads `deadline` (seconds since 1970); returns at once if it already has.
    public func sleep(until deadline: Double) async throws {
        try await sleep(for: deadline - now())
    }
}

/// The system's wall clock, and sleeping on the continuous clock.
public struct SystemWallClock: WallClock {
    /// Longer sleeps are cut to this; the caller looks at the time again when it wakes.
    private static let longestSleep = 86_400.0

    public init() {}

    public func now() -> Double { Date().timeIntervalSince1970 }

    public func sleep(for seconds: Double) async throws {
        let bounded = seconds.isNaN ? 0 : min(max(0, seconds), Self.longestSleep)
        try await Task.sleep(for: .seconds(bounded))
    }
}
