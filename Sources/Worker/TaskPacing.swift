/// How long the worker's tasks take, and what follows from it: how many to claim at once, and whether the next
/// one would overrun the deadline.
struct TaskPacing {
    private var runTimes = MovingAverage()

    /// Moving average of the run times so far; nil before the first.
    var averageSeconds: Double? { runTimes.value }

    mutating func record(seconds: Double) {
        runTimes.add(seconds)
    }

    /// Tasks per claim: `configured`, else about half a second of work; between 1 and 256, at most `remaining`,
    /// and no more than are expected to fit into `usableSeconds`.
    func batchSize(configured: Int?, remaining: Int?, usableSeconds: Double?) -> Int {
        var size = configured ?? averageSeconds.map { Int(0.5 / max($0, 1e-4)) } ?? 1
        size = min(max(size, 1), 256)
        if let remaining { size = min(size, remaining) }
        if let averageSeconds, let usableSeconds {
            size = min(size, Int(max(0, usableSeconds) / max(averageSeconds, 1e-4)))
        }
        return max(size, 1)
    }

    /// True when the next task, expected to take the average run time, would not end within `usableSeconds`.
    func nextTaskOverruns(usableSeconds: Double) -> Bool {
        (averageSeconds ?? 0) > usableSeconds
    }
}
