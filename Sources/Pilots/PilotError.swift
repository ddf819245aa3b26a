/// Why the allocator could not do its work; `description` is the message the user reads, naming what failed.
public enum PilotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A Slurm command is not on PATH.
    case commandMissing(String)
    /// A Slurm command could not be started, or did not end well.
    case commandFailed(command: String, status: String, message: String)
    /// A Slurm command's output could not be read.
    case unreadableOutput(command: String, output: String)
    /// The coordinator could not be reached, or its connection broke.
    case coordinatorUnreachable(address: String, reason: String)
    /// The coordinator refused a request (bad token, unknown sweep, ...).
    case coordinatorRefused(address: String, message: String)
    /// No sbatch script was given and none was found where one is installed.
    case noScript(searched: [String])
    /// The sbatch script given cannot be read.
    case unreadableScript(String)
    /// A failure that kept coming back for longer than the allocator waits.
    case persisted(seconds: Double, last: String)

    public var description: String {
        switch self {
        case .commandMissing(let command):
            "\(command) is not on PATH: alloc slurm runs Slurm's commands (sbatch, squeue, scancel) on a machine "
                + "that can submit jobs (--dry-run --once needs none)"
        case .commandFailed(let command, let status, let message):
            "\(command) failed (\(status)): \(message.isEmpty ? "it gave no message" : message)"
        case .unreadableOutput(let command, let output):
            "cannot read what \(command) printed: '\(output.prefix(200))'"
        case .coordinatorUnreachable(let address, let reason):
            "cannot reach the coordinator at \(address): \(reason)"
        case .coordinatorRefused(let address, let message):
            "the coordinator at \(address) refused: \(message)"
        case .noScript(let searched):
            "no sbatch script: give --sbatch-script PATH (the shipped worker/infosweep-worker.sbatch) or set "
                + "INFOSWEEP_SBATCH_SCRIPT; looked for " + searched.prefix(3).joined(separator: ", ")
                + (searched.count > 3 ? " and in worker/ of every folder above" : "")
        case .unreadableScript(let path):
            "cannot read the sbatch script \(path)"
        case .persisted(let seconds, let last):
            "giving up after \(Int(seconds)) s of failures; the last: \(last)"
        }
    }

    /// Whether waiting cannot help: the command or script is missing, or the coordinator said no.
    var isPermanent: Bool {
        switch self {
        case .commandMissing, .coordinatorRefused, .noScript, .unreadableScript, .persisted: true
        case .commandFailed, .unreadableOutput, .coordinatorUnreachable: false
        }
    }
}
