import ArgumentParser
import Foundation
import Logging
import Worker

/// Decides the worker's deadline: `--walltime-end`, else the Slurm job's end when asked for or under Slurm.
enum WorkerDeadline {
    static func resolve(
        walltimeEnd: Double?, fromSlurm: Bool?, environment: [String: String], logger: Logger
    ) throws -> Date? {
        if let walltimeEnd {
            guard fromSlurm != true else {
                throw ValidationError("give --walltime-end or --deadline-from-slurm, not both")
            }
            let deadline = Date(timeIntervalSince1970: walltimeEnd)
            logger.notice("deadline set", metadata: ["end": "\(deadline)", "source": "--walltime-end"])
            return deadline
        }
        let jobID = environment["SLURM_JOB_ID"].flatMap { $0.isEmpty ? nil : $0 }
        guard fromSlurm ?? (jobID != nil) else { return nil }
        guard let jobID else {
            throw ValidationError("--deadline-from-slurm needs SLURM_JOB_ID: run the worker inside a Slurm job")
        }
        // An array task's own SLURM_JOB_ID can equal the array's id, which squeue expands to every task.
        let job =
            environment["SLURM_ARRAY_JOB_ID"].flatMap { array in
                environment["SLURM_ARRAY_TASK_ID"].map { "\(array)_\($0)" }
            } ?? jobID
        do {
            switch try SlurmWalltime.limit(jobID: job) {
            case .unlimited:
                logger.notice("Slurm job has no time limit; no deadline", metadata: ["job": "\(job)"])
                return nil
            case .ends(let deadline):
                logger.notice(
                    "deadline set",
                    metadata: [
                        "end": "\(deadline)", "source": "Slurm job \(job)",
                        "left": "\(Int(deadline.timeIntervalSinceNow))s",
                    ])
                return deadline
            }
        } catch {
            guard fromSlurm == nil else {
                throw CLIError("cannot find the end of Slurm job \(job): \(error)")
            }
            logger.warning("running without a deadline: cannot find the end of Slurm job \(job): \(error)")
            return nil
        }
    }
}
