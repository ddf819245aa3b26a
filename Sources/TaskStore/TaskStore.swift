import Foundation
import CSQLite
import SweepModel

/// The SQLite task store: sweeps, content-addressed tasks, leases with attempt fencing, and results.
///
/// One `TaskStore` owns one connection and is used from one thread at a time. Its methods are split by concern:
/// sweeps (`TaskStore+Sweeps`), leases and attempts (`TaskStore+Leases`), results and failures
/// (`TaskStore+Results`), and reading (`TaskStore+Reading`). Mutating methods expect to run inside
/// `transaction`, which the coordinator's store thread uses to group many operations into one commit.
public final class TaskStore {
    let connection: SQLiteConnection
    /// The schema of the file: a read-only store may be of an older one.
    let schemaVersion: Int
    let isReadOnly: Bool
    let decoder = JSONDecoder()
    let encoder = JSONEncoder()

    public init(path: String, options: StoreOptions = StoreOptions(), readOnly: Bool = false) throws {
        connection = try SQLiteConnection(path: path, readOnly: readOnly)
        isReadOnly = readOnly
        do {
            if readOnly {
                schemaVersion = try Self.checkSchema(of: connection)
                return
            }
            try connection.execute("PRAGMA journal_mode = WAL")
            try connection.execute("PRAGMA synchronous = \(options.durability == .full ? "FULL" : "NORMAL")")
            try connection.execute("PRAGMA foreign_keys = ON")
            try Self.migrate(connection)
            schemaVersion = Schema.version
        } catch let error as StoreError where error.sqliteCode == SQLITE_NOTADB {
            throw StoreError.notADatabase(path: path)
        }
    }

    /// The database file.
    public var path: String { connection.path }

    /// Closes the store. A writer first copies the write-ahead log into the database file (a checkpoint that
    /// readers still open may hold back; the last connection's close completes it), so that a store no
    /// process has open is the database file alone.
    public func close() {
        if !isReadOnly { try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        connection.close()
    }

    /// Runs `body` in one write transaction (BEGIN IMMEDIATE ... COMMIT); an error rolls all of it back.
    public func transaction<T>(_ body: (TaskStore) throws -> T) throws -> T {
        try connection.transaction { try body(self) }
    }

    /// Runs `body` inside a savepoint of the current transaction: an error undoes only its own changes.
    public func savepoint<T>(_ body: (TaskStore) throws -> T) throws -> T {
        try connection.statement("SAVEPOINT job").run()
        do {
            let value = try body(self)
            try connection.statement("RELEASE job").run()
            return value
        } catch {
            try? connection.statement("ROLLBACK TO job").run()
            try? connection.statement("RELEASE job").run()
            throw error
        }
    }

    private static func migrate(_ connection: SQLiteConnection) throws {
        let current = try userVersion(of: connection)
        guard current < Schema.version else {
            if current > Schema.version {
                throw StoreError.newerSchema(path: connection.path, schemaVersion: current, supported: Schema.version)
            }
            return
        }
        try connection.transaction {
            if current == 0 {
                try connection.execute(Schema.statements)
            } else {
                for upgrade in Schema.upgrades[(current - 1)...] { try connection.execute(upgrade) }
            }
            try connection.execute("PRAGMA user_version = \(Schema.version)")
        }
    }

    private static func checkSchema(of connection: SQLiteConnection) throws -> Int {
        let version = try userVersion(of: connection)
        guard (Schema.oldestReadable...Schema.version).contains(version) else {
            throw StoreError.notAStore(path: connection.path, schemaVersion: version)
        }
        return version
    }

    private static func userVersion(of connection: SQLiteConnection) throws -> Int {
        let statement = try connection.statement("PRAGMA user_version")
        _ = try statement.step()
        defer { statement.bind() }
        return Int(statement.int(0))
    }
}
