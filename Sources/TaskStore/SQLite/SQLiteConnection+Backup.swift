import CSQLite

extension SQLiteConnection {
    /// Copies this connection's main database over `destination`'s with SQLite's online backup, in one step,
    /// so the copy is one read snapshot even while other connections write; returns the pages copied.
    public func backup(into destination: SQLiteConnection, busyRetrySeconds: Double = 30) throws(StoreError) -> Int {
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw .backupFailed(
                destination: destination.path, reason: "cannot start copying \(path): \(destination.lastError)",
                code: sqlite3_errcode(destination.handle))
        }
        let pauseMilliseconds: Int32 = 50
        var retries = Int(busyRetrySeconds * 1000) / Int(pauseMilliseconds)
        var code = sqlite3_backup_step(backup, -1)
        while (code == SQLITE_BUSY || code == SQLITE_LOCKED) && retries > 0 {
            retries -= 1
            sqlite3_sleep(pauseMilliseconds)
            code = sqlite3_backup_step(backup, -1)
        }
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finished = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else {
            let reason =
                code == SQLITE_BUSY || code == SQLITE_LOCKED
                ? "the database stayed locked for \(busyRetrySeconds) s" : String(cString: sqlite3_errstr(code))
            throw .backupFailed(destination: destination.path, reason: "copying \(path): \(reason)", code: code)
        }
        guard finished == SQLITE_OK else {
            throw .backupFailed(
                destination: destination.path, reason: "copying \(path): \(destination.lastError)", code: finished)
        }
        return pages
    }
}
