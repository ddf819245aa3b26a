import Foundation

/// True once the process `pid` has ended: there is no such process, or one that only waits to be reaped (a
/// zombie, whose pid still answers `kill(pid, 0)`).
public func processHasEnded(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true
}
