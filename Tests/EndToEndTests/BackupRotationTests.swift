import Foundation
import TestSupport
import Testing

/// coordinator/rotate-backups.sh, run as the hourly timer runs it, over simulated days.
@Suite("Backup rotation")
struct BackupRotationTests {
    let directory = TemporaryDirectory()

    @Test func itKeepsTheLast24HourlyAndTheLast7DailyCopies() async throws {
        let database = directory.file("live.sqlite")
        let submit = try Child(
            ["submit", try Self.sweepFile(in: directory), "--db", database], name: "submit", directory: directory)
        #expect(await submit.wait(seconds: 30) == 0)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("coordinator/rotate-backups.sh").path
        let backups = directory.file("backup")
        for day in 1...9 {
            for hour in [0, 6, 12, 18] {
                let stamp = String(format: "202612%02dT%02d0000Z", day, hour)
                let run = Process()
                run.executableURL = URL(fileURLWithPath: "/bin/bash")
                run.arguments = [script, database, backups, "24", "7"]
                run.environment = ProcessInfo.processInfo.environment.merging(
                    ["INFOSWEEP_BIN": Binary.path, "INFOSWEEP_BACKUP_TIME": stamp]) { $1 }
                run.standardOutput = FileHandle.nullDevice
                try run.run()
                run.waitUntilExit()
                #expect(run.terminationStatus == 0)
            }
        }
        let hourly = try FileManager.default.contentsOfDirectory(atPath: backups + "/hourly").sorted()
        let daily = try FileManager.default.contentsOfDirectory(atPath: backups + "/daily").sorted()
        #expect(hourly.count == 24)
        #expect(hourly.first == "sweeps-20261204T000000Z.sqlite")
        #expect(daily == (3...9).map { String(format: "sweeps-202612%02dT000000Z.sqlite", $0) })
        let restored = try Child(
            ["status", "--db", backups + "/daily/" + daily[0]], name: "status", directory: directory)
        #expect(await restored.wait(seconds: 30) == 0)
        #expect(restored.log.contains("rotation"))
    }

    static func sweepFile(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("rotation.yaml")
        try "name: rotation\nexperiment: noop\ngrid: {a: [1, 2]}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
