import ArgumentParser
import Foundation
import TaskStore

/// `infosweep backup`: a consistent copy of a database, safe while a coordinator is writing to it.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a database consistently, even while a coordinator is using it.",
        discussion: "The copy is checked (integrity_check) before it replaces --out.")

    @Option(help: "The database to copy.")
    var db: String

    @Option(help: "Where to write the copy (replaced atomically if it exists).")
    var out: String

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        let source = URL(fileURLWithPath: db).standardizedFileURL.path
        let target = URL(fileURLWithPath: out).standardizedFileURL.path
        guard source != target else { throw ValidationError("--out must not be the database itself (\(db))") }
    }

    func run() async throws {
        let report = try StoreBackup.copy(from: db, to: out)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(report)
            Output.line(String(decoding: data, as: UTF8.self))
        } else {
            Output.line(
                "copied \(db) to \(out): \(report.sweeps) sweeps, \(report.tasks) tasks, "
                    + "\(report.results) results, \(report.bytes) bytes in \(String(format: "%.2f", report.seconds)) s")
        }
    }
}
