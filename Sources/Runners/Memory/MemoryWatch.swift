import Synchronization

/// Watches a run's resident memory against the limit its task declared: samples it every `intervalSeconds`,
/// keeps the peak, and calls `onExcess` once with the first sample over the limit.
final class MemoryWatch: Sendable {
    let limitBytes: Int
    private let state = Mutex<(peak: Int, excess: Int?)>((0, nil))

    init(limitMiB: Int) {
        limitBytes = limitMiB << 20
    }

    /// The sample that went over the limit, once one has.
    var excessBytes: Int? { state.withLock { $0.excess } }

    /// Samples `measure` until cancelled or over the limit; then runs `onExcess` and returns.
    func watch(
        intervalSeconds: Double = 0.25, measure: @Sendable () -> Int, onExcess: @Sendable () -> Void
    ) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(intervalSeconds))
            let bytes = measure()
            let over = state.withLock { state -> Bool in
                state.peak = max(state.peak, bytes)
                guard bytes > limitBytes, state.excess == nil else { return false }
                state.excess = bytes
                return true
            }
            if over {
                onExcess()
                return
            }
        }
    }

    /// The failure message of a run ended for its memory, with the figures.
    func message(logs: String? = nil) -> String {
        let used = Self.size(excessBytes ?? 0)
        var text = "resident memory \(used) went over the task's memory_gb of \(Self.size(limitBytes)); killed"
        if let logs { text += "; logs in \(logs)" }
        return text
    }

    /// `412 MiB`, or `2.50 GiB` from 1 GiB up.
    static func size(_ bytes: Int) -> String {
        bytes < 1 << 30
            ? "\(bytes >> 20) MiB" : String(format: "%.2f GiB", Double(bytes) / Double(1 << 30))
    }
}
