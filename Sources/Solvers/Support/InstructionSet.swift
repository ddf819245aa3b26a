import Foundation

/// The compiled copies of the engine's kernels, and which of them this machine can run.
///
/// Binaries carry a portable copy (any x86-64 or other CPU) and, on x86-64, one built for AVX2 and FMA and
/// one for AVX-512, which forms tiles with its own register blocks instead of sgemm; the engine uses the best
/// the CPU supports, so one binary serves every node of a mixed cluster. `INFOSWEEP_KERNELS=portable`,
/// `avx2` or `avx512` forces that copy where the CPU runs it (to compare them, or to rule one out).
public enum InstructionSet: String, Sendable, CaseIterable, CustomStringConvertible {
    case portable
    case avx2
    case avx512

    /// The best copy this CPU runs, unless `INFOSWEEP_KERNELS` names another one it can run (a name it
    /// cannot use is reported on standard error once and ignored).
    public static let preferred: InstructionSet = {
        let best = supported.last ?? .portable
        guard let name = ProcessInfo.processInfo.environment["INFOSWEEP_KERNELS"], !name.isEmpty else { return best }
        if let chosen = InstructionSet(rawValue: name), supported.contains(chosen) { return chosen }
        let warning =
            "infosweep: INFOSWEEP_KERNELS=\(name) is not one of this CPU's kernels ("
            + supported.map(\.rawValue).joined(separator: ", ") + "); using \(best)\n"
        FileHandle.standardError.write(Data(warning.utf8))
        return best
    }()

    /// What `-target-cpu haswell` lets the compiler use, as /proc/cpuinfo names it.
    static let haswellFlags: Set<Substring> = [
        "avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm", "popcnt", "sse4_2",
    ]

    /// What the AVX-512 copy adds to `haswellFlags` (`-mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl`).
    static let avx512Flags: Set<Substring> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

    /// The copies this CPU can run, portable first.
    public static let supported: [InstructionSet] = {
        #if arch(x86_64) && os(Linux)
            let flags = cpuFlags()
            guard flags.isSuperset(of: haswellFlags) else { return [.portable] }
            return flags.isSuperset(of: avx512Flags) ? [.portable, .avx2, .avx512] : [.portable, .avx2]
        #else
            return [.portable]
        #endif
    }()

    public var description: String { rawValue }

    /// The feature flags the kernel reports for the first CPU (it leaves out those the OS does not enable).
    private static func cpuFlags() -> Set<Substring> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
            let colon = line.firstIndex(of: ":")
        else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " "))
    }
}
