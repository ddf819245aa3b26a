/// Lets one line through per interval and counts the ones it held back, so that a fault that every request
/// hits does not flood the log.
struct LogThrottle {
    let intervalSeconds: Double
    private var lastAt: Double?
    private var heldBack = 0

    init(intervalSeconds: Double) {
        self.intervalSeconds = intervalSeconds
    }

    /// Nil when the line should be held back; otherwise how many were held back since the last one let through.
    mutating func admit(now: Double) -> Int? {
        if let lastAt, now - lastAt < intervalSeconds {
            heldBack += 1
            return nil
        }
        defer { heldBack = 0 }
        lastAt = now
        return heldBack
    }
}
