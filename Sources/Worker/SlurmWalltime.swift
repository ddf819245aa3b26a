import Foundation

/// The end of the Slurm job this process runs in, from the time `squeue` says the job has left.
///
/// `squeue -o %L` is used rather than the end time (`%e`) because it does not depend on the time zone or on
/// `SLURM_TIME_FORMAT`.
public enum SlurmWalltime {
    /// What Slurm said about the job's time.
    public enum Limit: Sendable, Equatable {
        case ends(Date)
        case unlimited
    }

    /// The job's end according to `squeue`; throws, naming the cause, when it cannot be found.
    public static func limit(
        jobID: String, squeue: String = "squeue", now: Date = Date()
    ) throws(SlurmWalltimeError) -> Limit {
        let output = try run(squeue, ["-h", "-j", jobID, "-o", "%L"])
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw SlurmWalltimeError("squeue knows no job \(jobID)") }
        guard let left = try parseTimeLeft(text) else { return .unlimited }
        return .ends(now.addingTimeInterval(left))
    }

    /// Seconds from squeue's `%L` (`[DAYS-]HOURS:MINUTES:SECONDS` or `MINUTES:SECONDS`); nil when unlimited.
    public static func parseTimeLeft(_ text: String) throws(SlurmWalltimeError) -> Double? {
        let upper = text.uppercased()
        if upper == "UNLIMITED" || upper == "INFINITE" || upper == "NOT_SET" { return nil }
        var days = 0
        var clock = Substring(text)
        if let dash = text.firstIndex(of: "-") {
            guard let value = Int(text[..<dash]), value >= 0 else {
                throw SlurmWalltimeError("squeue gave an unreadable time left: '\(text)'")
            }
            days = value
            clock = text[text.index(after: dash)...]
        }
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard (2...3).contains(fields.count), fields.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw SlurmWalltimeError("squeue gave an unreadable time left: '\(text)'")
        }
        let seconds = fields.reduce(0) { $0 * 60 + ($1 ?? 0) }
        return Double(days * 86_400 + seconds)
    }

    private static func run(_ command: String, _ arguments: [String]) throws(SlurmWalltimeError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw SlurmWalltimeError("cannot run \(command): \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = problem.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SlurmWalltimeError(
                "\(command) \(arguments.joined(separator: " ")) failed "
                    + "(status \(process.terminationStatus)): \(detail.isEmpty ? "no message" : detail)")
        }
        return text
    }
}
