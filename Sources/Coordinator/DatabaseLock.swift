import Foundation
import Synchronization

/// An exclusive lock on a database for the one coordinator that serves it: `flock` on `DATABASE.lock`, which
/// also names the holder's pid and address so that a second coordinator can say whom it found. The kernel
/// drops the lock when the holder exits, however it exits.
public final class DatabaseLock: Sendable {
    /// Why the lock could not be taken.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case heldByAnother(database: String, holder: String)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .heldByAnother(let database, let holder):
                "database \(database) is already served by another coordinator (\(holder)); stop it first, or "
                    + "give this one another database"
            case .cannotOpen(let path, let reason): "cannot open the lock file \(path): \(reason)"
            }
        }
    }

    private let descriptor: Int32
    public let path: String
    private let holder = Mutex("")

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock of the database at `database`, or throws naming the coordinator that holds it.
    public static func acquire(forDatabase database: String) throws(Failure) -> DatabaseLock {
        let path = database + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let text =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                throw .cannotOpen(path: path, reason: String(cString: strerror(reason)))
            }
            throw .heldByAnother(database: database, holder: text.isEmpty ? "holder unknown" : text)
        }
        let lock = DatabaseLock(descriptor: descriptor, path: path)
        lock.describe("pid \(getpid()) on \(ProcessInfo.processInfo.hostName)")
        return lock
    }

    /// True when a coordinator holds the lock of the database at `database` now (a probe that takes nothing).
    public static func isHeld(forDatabase database: String) -> Bool {
        let descriptor = open(database + ".lock", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }

    /// Records who holds the lock (pid, host and, once bound, the address), for a coordinator that finds it taken.
    public func describe(_ text: String) {
        holder.withLock { $0 = text }
        let bytes = Array((text + "\n").utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// What the lock file says about its holder.
    public var description: String { holder.withLock { $0 } }
}
