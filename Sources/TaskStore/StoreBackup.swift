import Foundation

/// A consistent copy of a task store that may be in use, made with SQLite's online backup.
public enum StoreBackup {
    /// Copies the store at `source` to `destination` (replaced atomically if it exists) and checks the copy.
    ///
    /// The copy is written beside `destination` under a temporary name, checked with `PRAGMA integrity_check`,
    /// switched to a rollback journal so that it is one self-contained file, and only then renamed.
    public static func copy(from source: String, to destination: String) throws -> BackupReport {
        let started = Date()
        guard FileManager.default.fileExists(atPath: source) else {
            throw StoreError.missing(path: source)
        }
        let partial = destination + ".partial-\(getpid())"
        removeWithCompanions(partial)
        do {
            let pages: Int
            do {
                let reader = try SQLiteConnection(path: source, readOnly: true)
                try expectStoreSchema(reader)
                let writer = try SQLiteConnection(path: partial)
                pages = try reader.backup(into: writer)
                try writer.execute("PRAGMA journal_mode = DELETE")
            }
            var report = try inspect(partial)
            report.pages = pages
            guard rename(partial, destination) == 0 else {
                throw StoreError.backupFailed(
                    destination: destination,
                    reason: "cannot move the copy into place: \(String(cString: strerror(errno)))",
                    code: 0)
            }
            report.bytes = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
            report.seconds = Date().timeIntervalSince(started)
            return report
        } catch {
            removeWithCompanions(partial)
            throw error
        }
    }

    private static func expectStoreSchema(_ connection: SQLiteConnection) throws {
        let statement = try connection.statement("PRAGMA user_version")
        defer { statement.bind() }
        let version = try statement.step() ? Int(statement.int(0)) : 0
        guard version == Schema.version else {
            throw StoreError.notAStore(path: connection.path, schemaVersion: version)
        }
    }

    /// Checks the copy's integrity and counts what it holds.
    private static func inspect(_ path: String) throws -> BackupReport {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        let check = try connection.statement("PRAGMA integrity_check")
        var problems: [String] = []
        while try check.step() { problems.append(check.text(0)) }
        check.bind()
        guard problems == ["ok"] else {
            throw StoreError.backupFailed(
                destination: path,
                reason: "the copy failed its integrity check: "
                    + problems.prefix(5).joined(separator: "; "), code: 0)
        }
        func count(_ table: String) throws -> Int {
            let statement = try connection.statement("SELECT count(*) FROM \(table)")
            defer { statement.bind() }
            return try statement.step() ? Int(statement.int(0)) : 0
        }
        return BackupReport(sweeps: try count("sweeps"), tasks: try count("tasks"), results: try count("results"))
    }

    private static func removeWithCompanions(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}
