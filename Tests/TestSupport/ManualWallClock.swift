import Clocks
import Timekeeping

/// A wall clock that moves only when a test advances it (swift-clocks' `TestClock` underneath): sleepers wake
/// when the clock passes their deadline, in deadline order.
public struct ManualWallClock: WallClock {
    private let clock = TestClock<Duration>()
    private let epoch: Double

    public init(epoch: Double = 1_800_000_000) {
        self.epoch = epoch
    }

    public func now() -> Double {
        let elapsed = TestClock<Duration>.Instant().duration(to: clock.now)
        return epoch + Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    public func sleep(for seconds: Double) async throws {
        try Task.checkCancellation()
        let bounded = seconds.isNaN ? 0 : min(seconds, 1e9)
        guard bounded > 0 else { return }
        try await clock.sleep(for: .nanoseconds(Int64(bounded * 1e9)))
    }

    /// Moves the clock forward, waking every sleeper whose deadline it passes.
    public func advance(by seconds: Double) async {
        await clock.advance(by: .nanoseconds(Int64(seconds * 1e9)))
    }
}
