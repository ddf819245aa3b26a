import Foundation

/// The CPUs and memory this process may use, as its affinity mask and its cgroup (v2, or v1's cpu and memory
/// controllers) limit them.
public enum HostResources {
    /// CPUs in the affinity mask, lowered to the cgroup's CPU quota (rounded up) where one is set.
    public static func usableCores() -> Int {
        var cores = affinityCores()
        if let quota = cgroupCPUQuota() { cores = min(cores, max(1, Int(quota.rounded(.up)))) }
        return max(1, cores)
    }

    /// The machine's memory in MiB, lowered to the cgroup's memory limit where one is set.
    public static func usableMemoryMB() -> Int {
        var megabytes = HostFacts.memoryMB
        if let limit = cgroupMemoryLimitBytes() { megabytes = min(megabytes, Int(limit / (1 << 20))) }
        return megabytes
    }

    /// CPUs in the affinity mask (`Cpus_allowed_list` of /proc/self/status, as `0-3,8`).
    static func affinityCores() -> Int {
        let status = read("/proc/self/status", whole: true) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
            let count = cpuCount(inList: line.dropFirst("Cpus_allowed_list:".count))
        else { return ProcessInfo.processInfo.activeProcessorCount }
        return count
    }

    /// How many CPUs a list such as `0-3,8` names; nil when it is not such a list.
    static func cpuCount(inList list: Substring) -> Int? {
        var count = 0
        for range in list.trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let ends = range.split(separator: "-").map { Int($0) }
            switch ends.count {
            case 1 where ends[0] != nil: count += 1
            case 2:
                if let low = ends[0], let high = ends[1], high >= low { count += high - low + 1 } else { return nil }
            default: return nil
            }
        }
        return count > 0 ? count : nil
    }

    /// CPUs' worth of time per period the cgroup allows (`cpu.max`, or v1's quota over period); nil: no limit.
    static func cgroupCPUQuota() -> Double? {
        let quotas = cgroupFolders(controller: "cpu").compactMap { folder -> Double? in
            if let line = read(folder + "/cpu.max") {
                let fields = line.split(separator: " ")
                guard fields.count == 2, let quota = Double(fields[0]), let period = Double(fields[1]), period > 0
                else { return nil }
                return quota / period
            }
            guard let quota = read(folder + "/cpu.cfs_quota_us").flatMap(Double.init), quota > 0,
                let period = read(folder + "/cpu.cfs_period_us").flatMap(Double.init), period > 0
            else { return nil }
            return quota / period
        }
        return quotas.min()
    }

    /// The cgroup's memory limit in bytes (`memory.max`, or v1's `memory.limit_in_bytes`); nil: no limit.
    static func cgroupMemoryLimitBytes() -> UInt64? {
        let limits = cgroupFolders(controller: "memory").compactMap { folder -> UInt64? in
            let text = read(folder + "/memory.max") ?? read(folder + "/memory.limit_in_bytes")
            guard let text, let bytes = UInt64(text), bytes < (1 << 62) else { return nil }
            return bytes
        }
        return limits.min()
    }

    /// The folders of this process's cgroup for `controller` and each of its parents, v2 and v1.
    static func cgroupFolders(controller: String) -> [String] {
        guard let text = read("/proc/self/cgroup", whole: true) else { return [] }
        var folders: [String] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let controllers = fields[1].split(separator: ",")
            let base: String
            if fields[0] == "0" && fields[1].isEmpty {
                base = "/sys/fs/cgroup"
            } else if controllers.contains(Substring(controller)) {
                base = "/sys/fs/cgroup/" + fields[1]
            } else {
                continue
            }
            var path = String(fields[2])
            while true {
                folders.append(base + (path == "/" ? "" : path))
                guard path != "/", let slash = path.lastIndex(of: "/") else { break }
                path = slash == path.startIndex ? "/" : String(path[..<slash])
            }
        }
        return folders
    }

    private static func read(_ path: String, whole: Bool = false) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return whole ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
