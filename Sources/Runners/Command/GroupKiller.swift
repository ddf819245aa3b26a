import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The process group of one command (its leader's pid, since the command runs in a session of its own),
/// killed whole once the command has ended so that no grandchild outlives the task.
final class GroupKiller: Sendable {
    private let leader = Mutex<pid_t?>(nil)

    func record(_ pid: pid_t) {
        leader.withLock { $0 = pid }
    }

    /// The group's resident memory in bytes (0 before the command started).
    var residentBytes: Int {
        guard let pid = leader.withLock({ $0 }), pid > 0 else { return 0 }
        return ProcessMemory.residentBytes(ofGroup: pid)
    }

    /// SIGKILL to every process left in the group; nothing when the command never started.
    func killRemaining() {
        guard let pid = leader.withLock({ $0 }), pid > 0 else { return }
        kill(-pid, SIGKILL)
    }
}
