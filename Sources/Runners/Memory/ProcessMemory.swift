import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Resident memory of processes, read from /proc.
enum ProcessMemory {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The resident set of process `pid` in bytes (0 once it has gone).
    static func residentBytes(ofProcess pid: pid_t) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * pageSize
    }

    /// The resident sets of every process in group `group`, added up, in bytes.
    static func residentBytes(ofGroup group: pid_t) -> Int {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        var total = 0
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let fields = fieldsAfterName(stat), fields.count > 21, Int32(fields[2]) == group,
                let pages = Int(fields[21])
            else { continue }
            total += pages * pageSize
        }
        return total
    }

    /// The fields of a /proc/PID/stat line after `(comm)`, which may itself hold spaces and parentheses:
    /// state, ppid, pgrp, ..., rss (the 22nd).
    private static func fieldsAfterName(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }
}
