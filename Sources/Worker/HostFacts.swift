import Foundation

/// Facts about this machine and process recorded with every result.
public enum HostFacts {
    public static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    public static let cpuModel: String = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return "unknown"
    }()

    /// The machine's total memory in MiB (from /proc/meminfo).
    public static let memoryMB: Int = {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            if let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first { return kilobytes / 1024 }
        }
        return 0
    }()

    /// The process's peak resident set size in bytes since the last `resetPeakRSS`.
    public static func peakRSSBytes() -> Int {
        if let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                let digits = line.split(separator: " ").compactMap { Int($0) }
                if let kilobytes = digits.first { return kilobytes * 1024 }
            }
        }
        return lifetimePeakRSSBytes()
    }

    /// The process's peak resident set size in bytes over its whole life (one system call).
    public static func lifetimePeakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    /// Starts a new peak-RSS window (Linux: writing 5 to /proc/self/clear_refs resets VmHWM).
    public static func resetPeakRSS() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }
}
