import CSQLite
import SweepModel

/// A failure of the task store: what went wrong, with SQLite's own code and words where it came from SQLite.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SQLite refused an operation (including constraint conflicts, a full disk, a busy or read-only file).
    case sqlite(code: Int32, message: String, statement: String?)
    /// The database file could not be opened.
    case cannotOpen(path: String, reason: String)
    /// There is no database file at the path (for readers, which never create one).
    case missing(path: String)
    /// A writer was given a file it cannot write.
    case readOnly(path: String)
    /// The file is not a SQLite database at all.
    case notADatabase(path: String)
    /// The file is not an infosweep database of this schema.
    case notAStore(path: String, schemaVersion: Int)
    /// The database was written by a newer infosweep.
    case newerSchema(path: String, schemaVersion: Int, supported: Int)
    /// No sweep has this name.
    case noSuchSweep(name: String, known: [String])
    /// No task has this key.
    case noSuchTask(key: String)
    /// A sweep of this name exists and the file submitted under it is not an extension of it.
    case sweepConflict(name: String, difference: String)
    /// The sweep is cancelled; it takes no new points until resumed.
    case sweepCancelled(name: String)
    /// Tasks in these states cannot be re-queued.
    case notRequeueable(states: [TaskState])
    /// A stored row cannot be read back.
    case unreadableRow(taskID: Int64, reason: String)
    /// The store's thread has stopped.
    case closed
    /// Copying the database failed.
    case backupFailed(destination: String, reason: String, code: Int32)
    /// A command's code bundle, or a part of one, is not what it claims to be.
    case badCode(hash: String, reason: String)
    /// A command sweep names a code bundle the store does not hold whole.
    case missingCode(hash: String)

    /// SQLite's primary result code, or 0 for failures that did not come from SQLite.
    public var sqliteCode: Int32 {
        switch self {
        case .sqlite(let code, _, _), .backupFailed(_, _, let code): code & 0xff
        case .readOnly: SQLITE_READONLY
        default: 0
        }
    }

    /// Why the store cannot take writes, when that is what went wrong.
    public enum StorageFailure: Sendable, Hashable {
        case diskFull, readOnly, inputOutput, cannotOpen
    }

    /// The storage failure behind this error, if any: the store is up but cannot take writes.
    public var storageFailure: StorageFailure? {
        switch sqliteCode {
        case SQLITE_FULL: .diskFull
        case SQLITE_READONLY: .readOnly
        case SQLITE_IOERR: .inputOutput
        case SQLITE_CANTOPEN: .cannotOpen
        default: nil
        }
    }

    /// True when the disk is full or the file cannot be written: the store is up but cannot take writes.
    public var isStorageFull: Bool { storageFailure != nil }

    /// True for a UNIQUE, FOREIGN KEY, CHECK or NOT NULL conflict.
    public var isConstraintConflict: Bool { sqliteCode == SQLITE_CONSTRAINT }

    public var description: String {
        switch self {
        case .sqlite(_, let message, let statement):
            statement.map { "\(message) (in: \($0.prefix(120)))" } ?? message
        case .cannotOpen(let path, let reason): "cannot open database \(path): \(reason)"
        case .missing(let path): "no database at \(path)"
        case .readOnly(let path):
            "database \(path) is read-only (a read-only file or filesystem); it must be writable"
        case .notADatabase(let path): "\(path) is not a database file (it is not SQLite's format)"
        case .notAStore(let path, let version):
            "\(path) is not an infosweep database (schema version \(version), expected \(Schema.version))"
        case .newerSchema(let path, let version, let supported):
            "database \(path) has schema version \(version), newer than this infosweep understands "
                + "(\(supported)); upgrade infosweep"
        case .noSuchSweep(let name, let known):
            "no sweep named '\(name)' (sweeps: \(known.isEmpty ? "none yet" : known.joined(separator: ", ")))"
        case .noSuchTask(let key): "no task has the key '\(key)'"
        case .sweepConflict(let name, let difference):
            "sweep '\(name)' already exists and \(difference); give the new sweep another name"
        case .sweepCancelled(let name): "sweep '\(name)' is cancelled; resume it before submitting to it again"
        case .notRequeueable(let states):
            "tasks that are \(states.map(\.rawValue).sorted().joined(separator: ", ")) cannot be re-queued; "
                + "only failed, cancelled or done tasks can"
        case .unreadableRow(let taskID, let reason): "task \(taskID): its stored row cannot be read: \(reason)"
        case .closed: "the store is closed"
        case .backupFailed(let destination, let reason, _): "backup to \(destination) failed: \(reason)"
        case .badCode(let hash, let reason): "code bundle \(hash.prefix(16)): \(reason)"
        case .missingCode(let hash):
            "code bundle \(hash.prefix(16)) has not been uploaded whole; submit the sweep file again with "
                + "infosweep submit, which uploads its code first"
        }
    }
}
