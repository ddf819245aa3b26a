import Synchronization
import TestSupport
import Timekeeping

/// The manual clock, keeping a record of every sleep asked of it.
final class WatchedClock: WallClock {
    private let manual = ManualWallClock()
    private let sleeps = Mutex<[Double]>([])

    func now() -> Double { manual.now() }

    func sleep(for seconds: Double) async throws {
        sleeps.withLock { $0.append(seconds) }
        try await manual.sleep(for: seconds)
    }

    /// The durations of the sleeps asked for so far, in order.
    var requestedSleeps: [Double] { sleeps.withLock { $0 } }

    func advance(by seconds: Double) async {
        await manual.advance(by: seconds)
    }
}

/// Waits until `condition` holds, yielding between looks (never sleeping in real time); with `clock`, moves it
/// on by `step` between looks. Gives up, returning false, after 5 seconds of real time.
func eventually(
    advancing clock: WatchedClock? = nil, by step: Double = 0.05, _ condition: () async -> Bool
) async -> Bool {
    let giveUp = ContinuousClock.now + .seconds(5)
    while ContinuousClock.now < giveUp {
        if await condition() { return true }
        if let clock { await clock.advance(by: step) } else { await Task.yield() }
    }
    return await condition()
}
