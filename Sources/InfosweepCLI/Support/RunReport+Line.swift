import WireProtocol

extension RunReport {
    /// "task 12 on node7: running 35s {"epoch": 3}": how `workers --show-tasks` and `status --watch` show a
    /// running task.
    func line(host: String, now: Double) -> String {
        "task \(taskID) on \(host): running \(Int(max(0, now - startedAt)))s" + (progress.isEmpty ? "" : " " + progress)
    }
}
