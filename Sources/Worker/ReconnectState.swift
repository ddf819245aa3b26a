/// What the worker remembers between attempts to reach its coordinator: the backoff, which a dropped link or
/// a refused request does not reset (only a request that was answered does), whether it ever got through,
/// when it last said so in the log, and when a stopping worker gives up.
struct ReconnectState {
    var backoff = ReconnectBackoff()
    /// Set when a link was dropped: the next attempt waits first, so that a coordinator that accepts the hello
    /// and refuses every request is not hammered.
    var pauseFirst = false
    var everConnected = false
    /// When the worker started trying, for the connect timeout.
    var since: Double?
    var lastWarningAt: Double?
    /// A stopping worker stops trying at this time, dropping what it could not report.
    var givingUpAt: Double?
    var saidGivingUp = false

    /// A request was answered: the coordinator is there and serving.
    mutating func answered() {
        backoff = ReconnectBackoff()
        pauseFirst = false
    }

    /// True when a warning is due: the first failure, then one every `interval` seconds.
    mutating func warningDue(at now: Double, interval: Double = 30) -> Bool {
        if let lastWarningAt, now - lastWarningAt < interval { return false }
        lastWarningAt = now
        return true
    }
}
