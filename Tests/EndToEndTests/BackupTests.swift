import TestSupport
import Foundation
@testable import TaskStore
import Testing

/// `infosweep backup` copies a database consistently while a coordinator writes to it.
@Suite("Backup", .serialized)
struct BackupTests {
    let directory = TemporaryDirectory()

    @Test func aBackupTakenWhileWorkersReportIsAConsistentStore() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = directory.file("b.yaml")
        try "name: b\nexperiment: noop\nparams: {duration_ms: 20}\ngrid: {a: {linspace: [0, 1], num: 300}}\nseeds: 10\n"
            .write(toFile: sweep, atomically: true, encoding: .utf8)
        _ = try await coordinator.command(["submit", sweep])
        let probe = StoreProbe(path: coordinator.database)
        let workers = try (0..<2).map { try coordinator.worker(["--exit-when-idle"], name: "w\($0)") }
        #expect(try await eventually(seconds: 30) { try probe.resultCount >= 100 })

        // An older backup at --out, held open: a replacement by rename leaves what it reads untouched.
        let copy = directory.file("copy.sqlite")
        try "an older backup".write(toFile: copy, atomically: false, encoding: .utf8)
        let older = try #require(FileHandle(forReadingAtPath: copy))
        defer { try? older.close() }
        let before = try probe.resultCount
        let backup = try Child(
            ["backup", "--db", coordinator.database, "--out", copy, "--json"], name: "backup",
            directory: directory)
        #expect(await backup.wait(seconds: 60) == 0, "\(backup.log)")
        let after = try probe.resultCount
        let keptWriting = try await eventually(seconds: 10) { try probe.resultCount > after }
        #expect(keptWriting, "the coordinator was not writing around the backup (\(after) results throughout)")
        for worker in workers { worker.signal(SIGTERM) }
        #expect(try probe.taskCount == 3000)

        #expect(!FileManager.default.fileExists(atPath: copy + "-wal"), "the copy is not one self-contained file")
        let store = try TaskStore(path: copy, readOnly: true)
        #expect(try rows(store, "PRAGMA integrity_check") == ["ok"])
        #expect(try rows(store, "SELECT name FROM sweeps") == ["b"])
        #expect(try rows(store, "SELECT count(*) FROM tasks") == ["3000"])
        let copied = try Int(rows(store, "SELECT count(*) FROM results").first ?? "") ?? -1
        #expect(before <= copied && copied <= after, "copy has \(copied) results, not within \(before)...\(after)")
        // One snapshot: each result arrived with its task's state change and its attempt's acceptance.
        #expect(try rows(store, "SELECT count(*) FROM tasks WHERE state = 'done'") == ["\(copied)"])
        #expect(try rows(store, "SELECT count(*) FROM attempts WHERE outcome = 'accepted'") == ["\(copied)"])
        #expect(backup.log.contains("\"results\":\(copied)"), "\(backup.log)")
        #expect(String(decoding: try older.readToEnd() ?? Data(), as: UTF8.self) == "an older backup")
        let beside = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("copy.sqlite") && $0 != "copy.sqlite" }
        #expect(beside.isEmpty, "the backup left files beside its copy: \(beside)")

        // A coordinator serves the copy as it would the original.
        let elsewhere = TemporaryDirectory()
        let restored = CoordinatorHarness(directory: elsewhere, database: copy)
        try await restored.start()
        let status = try await restored.command(["status", "b", "--json"])
        #expect(
            status.contains("\"total\":3000") && status.contains("\"done\":\(copied)"), "\(copied) copied: \(status)")
    }

    @Test func aFileThatIsNotAStoreIsRefusedAndNothingIsWritten() async throws {
        let notAStore = directory.file("notes.sqlite")
        try SQLiteConnection(path: notAStore)
            .execute("CREATE TABLE notes(text TEXT); INSERT INTO notes VALUES ('hello')")
        let copy = directory.file("copy.sqlite")
        let backup = try Child(["backup", "--db", notAStore, "--out", copy], name: "refused", directory: directory)
        #expect(await backup.wait(seconds: 30) != 0)
        #expect(backup.log.contains("is not an infosweep database"), "\(backup.log)")
        #expect(!FileManager.default.fileExists(atPath: copy))

        let missing = try Child(
            ["backup", "--db", directory.file("absent.sqlite"), "--out", copy], name: "missing",
            directory: directory)
        #expect(await missing.wait(seconds: 30) != 0)
        #expect(missing.log.contains("no database at"), "\(missing.log)")
    }

    private func rows(_ store: TaskStore, _ sql: String) throws -> [String] {
        let statement = try store.connection.statement(sql)
        var values: [String] = []
        while try statement.step() { values.append(statement.text(0)) }
        return values
    }
}
