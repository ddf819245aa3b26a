/// The line `status` and `phase` print under failed tasks' counts: where their errors and output are.
enum FailedTasksHint {
    static func line(sweeps: [String]) -> String {
        let commands = sweeps.map { "infosweep logs \(ShellQuoting.quote($0)) --state failed" }
        return "failed tasks' errors and output: " + commands.joined(separator: "; ")
    }
}
