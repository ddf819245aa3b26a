import CSQLite
import Foundation

/// One connection to a SQLite database file. Not shareable: its owner uses it from one thread at a time.
public final class SQLiteConnection {
    let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: SQLiteStatement] = [:]
    private var isOpen = true
    /// The first storage failure (full disk, I/O error, read-only file) since the current transaction began:
    /// SQLite may roll the transaction back itself on one, so the failing COMMIT after it is reported as this.
    private var storageFault: StoreError?

    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw .cannotOpen(path: path, reason: message)
        }
        self.handle = handle
        self.path = path
        sqlite3_busy_timeout(handle, 10_000)
        // SQLite quietly opens a file it cannot write read-only; a writer must hear about it now, not at its
        // first commit.
        if !readOnly, sqlite3_db_readonly(handle, "main") == 1 {
            throw .readOnly(path: path)
        }
    }

    deinit {
        close()
    }

    /// Finalizes the cached statements and closes the connection; nothing may use it afterwards. The last
    /// connection to a WAL database to close checkpoints it into the main file and removes the WAL.
    public func close() {
        guard isOpen else { return }
        isOpen = false
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw noted(.sqlite(code: code, message: text, statement: sql))
        }
    }

    /// A prepared statement for `sql`, reused across calls; it comes back reset with no bindings.
    public func statement(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs `body` in one transaction (BEGIN IMMEDIATE), committing on success and rolling back on error. When
    /// a storage failure happened inside, that failure is what the caller hears, not its aftermath.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        storageFault = nil
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw storageFault ?? error
        }
    }

    /// Remembers `error` if it is the first storage failure of the transaction; returns it.
    func noted(_ error: StoreError) -> StoreError {
        if error.isStorageFull, storageFault == nil { storageFault = error }
        return error
    }
}
