import Foundation
import Subprocess

/// Slurm itself: `sbatch --parsable`, `squeue` and `scancel`, found on PATH and run as child processes.
public struct SlurmCommands: PilotScheduler {
    public init() {}

    public func submit(_ job: PilotJobTemplate) async throws(PilotError) -> String {
        try SlurmOutput.jobID(fromSbatch: try await run("sbatch", job.arguments))
    }

    public func jobs(named name: String, user: String) async throws(PilotError) -> [SlurmJob] {
        let output = try await run(
            "squeue", ["--noheader", "--user=\(user)", "--name=\(name)", "--format=\(SlurmOutput.squeueFormat)"])
        return try SlurmOutput.jobs(fromSqueue: output)
    }

    public func cancel(_ ids: [String]) async throws(PilotError) {
        guard !ids.isEmpty else { return }
        _ = try await run("scancel", ids)
    }

    /// The name of the user this process runs as, whose jobs squeue lists.
    public static var currentUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "\(geteuid())"
    }

    /// Runs `command`; returns its standard output, or throws naming the command and what it said.
    private func run(_ command: String, _ arguments: [String]) async throws(PilotError) -> String {
        let ending: (status: TerminationStatus, output: String, errors: String)
        do {
            let result = try await Subprocess.run(
                .name(command), arguments: Arguments(arguments),
                environment: .inherit.updating(["SLURM_TIME_FORMAT": "standard"]),
                output: .string(limit: 1 << 20), error: .string(limit: 1 << 16))
            ending = (result.terminationStatus, result.standardOutput, result.standardError)
        } catch let error as SubprocessError where error.code == .executableNotFound {
            throw .commandMissing(command)
        } catch {
            throw .commandFailed(command: command, status: "not started", message: "\(error)")
        }
        let errors = ending.errors.trimmingCharacters(in: .whitespacesAndNewlines)
        switch ending.status {
        case .exited(0): return ending.output
        case .exited(let code): throw .commandFailed(command: command, status: "exit \(code)", message: errors)
        case .signaled(let signal): throw .commandFailed(command: command, status: "signal \(signal)", message: errors)
        }
    }
}
