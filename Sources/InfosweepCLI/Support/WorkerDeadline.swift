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
        do {
            switch try SlurmWalltime.limit(jobID: jobID) {
            case .unlimited:
                logger.notice("Slurm job has no time limit; no deadline", metadata: ["job": "\(jobID)"])
                return nil
            case .ends(let deadline):
                logger.notice("deadline set", metadata: [
                    "end": "\(deadline)", "source": "Slurm job \(jobID)",
                    "left": "\(Int(deadline.timeIntervalSinceNow))s",
                ])
                return deadline
            }
        } catch {
            guard fromSlurm == nil else {
                throw CLIError("cannot find the end of Slurm job \(jobID): \(error)")
            }
            logger.warning("running without a deadline: cannot find the end of Slurm job \(jobID): \(error)")
            return nil
        }
    }
}
