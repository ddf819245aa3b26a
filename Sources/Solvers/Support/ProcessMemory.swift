import Foundation

/// The process's resident-memory high-water mark, from /proc/self/status on Linux.
public enum ProcessMemory {
    /// Peak resident set size in MiB (VmHWM), or nil where /proc is not available.
    public static func peakResidentMiB() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kib = digits.first { return kib / 1024 }
        }
        return nil
    }

    /// Asks the kernel to restart the high-water mark from the current resident size (best effort).
    @discardableResult
    public static func resetPeak() -> Bool {
        FileManager.default.createFile(atPath: "/proc/self/clear_refs", contents: Data("5".utf8))
    }
}
