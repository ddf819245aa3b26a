import Foundation

/// Something a test needs from the machine beyond the build. Where it is missing the test is skipped with
/// its reason, unless `INFOSWEEP_TESTS_REQUIRED=1` (as `.ci/run` sets): then it runs, and fails saying what
/// is missing, so a machine without it can never pass silently.
enum HostRequirement {
    case rootAndMount
    case openssl

    static let required = ProcessInfo.processInfo.environment["INFOSWEEP_TESTS_REQUIRED"] == "1"

    static let opensslPath = "/usr/bin/openssl"

    var isMet: Bool {
        switch self {
        case .rootAndMount:
            getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/bin/mount")
                && FileManager.default.isExecutableFile(atPath: "/bin/umount")
        case .openssl: FileManager.default.isExecutableFile(atPath: Self.opensslPath)
        }
    }

    var reason: String {
        switch self {
        case .rootAndMount: "needs root and /bin/mount to mount a small tmpfs"
        case .openssl: "needs \(Self.opensslPath) (scripts/setup.sh installs it) to make test certificates"
        }
    }

    /// Whether the test runs: always in required mode, else only where the requirement is met.
    var runs: Bool { isMet || Self.required }

    /// Throws, naming what is missing, when the requirement is not met (only reached in required mode).
    func check() throws {
        guard isMet else { throw HarnessError("INFOSWEEP_TESTS_REQUIRED=1 but this test \(reason)") }
    }
}
