import Foundation

/// What Slurm's commands print, read: the job id of `sbatch --parsable` and the lines of `squeue`.
enum SlurmOutput {
    /// The fields asked of squeue: the job's own id (unique for each array element), its state, its submit time.
    static let squeueFormat = "%A|%T|%V"

    /// The id in `sbatch --parsable`'s `JOBID` or `JOBID;CLUSTER`.
    static func jobID(fromSbatch output: String) throws(PilotError) -> String {
        let line = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        let id = String(line.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty, id.allSatisfy({ $0.isNumber || $0 == "_" }) else {
            throw .unreadableOutput(command: "sbatch --parsable", output: output)
        }
        return id
    }

    /// The jobs in squeue's lines of `squeueFormat`.
    static func jobs(fromSqueue output: String) throws(PilotError) -> [SlurmJob] {
        var jobs: [SlurmJob] = []
        for line in output.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw .unreadableOutput(command: "squeue", output: String(line))
            }
            jobs.append(
                SlurmJob(
                    id: String(fields[0]), state: String(fields[1]),
                    submittedAt: localTime(String(fields[2]))))
        }
        return jobs
    }

    /// Unix seconds of squeue's `YYYY-MM-DDTHH:MM:SS` in local time (`SLURM_TIME_FORMAT=standard`).
    static func localTime(_ text: String) -> Double? {
        let numbers = text.split(whereSeparator: { "-T:".contains($0) }).map { Int32($0) }
        guard numbers.count == 6, let year = numbers[0], let month = numbers[1], let day = numbers[2],
            let hour = numbers[3], let minute = numbers[4], let second = numbers[5]
        else { return nil }
        var fields = tm()
        fields.tm_year = year - 1900
        fields.tm_mon = month - 1
        fields.tm_mday = day
        fields.tm_hour = hour
        fields.tm_min = minute
        fields.tm_sec = second
        fields.tm_isdst = -1
        let seconds = mktime(&fields)
        return seconds == -1 ? nil : Double(seconds)
    }
}
