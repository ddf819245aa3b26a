import Foundation
import SweepModel
import TestSupport
import Testing
import WireProtocol

/// The coordinator's access rules with real processes: a token always, one coordinator per database.
@Suite("Access rules", .serialized)
struct AccessRuleTests {
    let directory = TemporaryDirectory()

    @Test func aCoordinatorGivenNoTokenMakesOneThatOnlyItsUserCanRead() async throws {
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let path = LocalTokenFile.path(port: coordinator.port)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(LocalTokenFile.read(port: coordinator.port)?.count == 32)
        #expect(coordinator.child?.log.contains(path) == true)
        await #expect(throws: Refusal.self) { _ = try await coordinator.client(token: "") }
        let status = try await coordinator.command(["status", "--json"])
        #expect(status.contains("\"sweeps\""))
    }

    @Test func aHelloWithoutATokenIsToldItIsMissing() async throws {
        let coordinator = CoordinatorHarness(directory: directory, token: "correct horse")
        try await coordinator.start()
        await #expect {
            _ = try await coordinator.client(token: "")
        } throws: { error in
            guard let refusal = error as? Refusal else { return false }
            return refusal.code == .badToken && refusal.message.hasPrefix("no token was given")
        }
    }

    @Test func aSecondCoordinatorOnTheSameDatabaseIsRefusedNamingTheFirst() async throws {
        let first = CoordinatorHarness(directory: directory)
        try await first.start()
        let second = try Child(
            ["coordinator", "--db", first.database, "--listen", "127.0.0.1:0"], name: "second", directory: directory)
        #expect(await second.wait(seconds: 30) == 1)
        #expect(second.log.contains("already served by another coordinator"))
        #expect(second.log.contains("pid \(first.child?.pid ?? -1)"))
        #expect(second.log.contains("127.0.0.1:\(first.port)"))
    }

    @Test func aCoordinatorThatRefusesToStartCreatesNoDatabase() async throws {
        let database = directory.file("never.sqlite")
        let child = try Child(
            ["coordinator", "--db", database, "--listen", "127.0.0.1:0", "--lease-seconds", "nan"], name: "bad",
            directory: directory)
        #expect(await child.wait(seconds: 30) != 0)
        #expect(child.log.contains("--lease-seconds"))
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: database + ".lock"))
    }

    @Test func runStopsItsWorkersOnSigintAndARerunResumes() async throws {
        let sweep = directory.file("slow.yaml")
        try "name: slow\nexperiment: noop\nparams: {duration_ms: 100}\ngrid: {a: [1, 2, 3, 4, 5, 6, 7, 8]}\nseeds: 10\n"
            .write(toFile: sweep, atomically: true, encoding: .utf8)
        let database = directory.file("run.sqlite")
        let run = try Child(["run", sweep, "--db", database, "--workers", "2"], name: "run", directory: directory)
        let probe = StoreProbe(path: database)
        #expect(try await eventually(seconds: 60) { ((try? probe.count(state: "done")) ?? 0) >= 4 })
        run.signal(SIGINT)
        #expect(await run.wait(seconds: 20) == 130)
        #expect(run.log.contains("run the same command again to resume"))
        #expect(try probe.count(state: "running") == 0)
        let rerun = try Child(["run", sweep, "--db", database, "--workers", "2"], name: "rerun", directory: directory)
        #expect(await rerun.wait(seconds: 120) == 0)
        #expect(rerun.log.contains("0 tasks added, 80 already stored"))
        #expect(try probe.count(state: "done") == 80)
    }

    @Test func runOnAPausedSweepSaysItIsPaused() async throws {
        let sweep = directory.file("p.yaml")
        try "name: p\nexperiment: noop\ngrid: {a: [1, 2]}\n".write(toFile: sweep, atomically: true, encoding: .utf8)
        let database = directory.file("p.sqlite")
        let submit = try Child(["submit", sweep, "--db", database], name: "submit", directory: directory)
        #expect(await submit.wait(seconds: 30) == 0)
        let pause = try Child(["pause", "p", "--db", database], name: "pause", directory: directory)
        #expect(await pause.wait(seconds: 30) == 0)
        let run = try Child(["run", sweep, "--db", database], name: "run", directory: directory)
        #expect(await run.wait(seconds: 30) == 1)
        #expect(run.log.contains("sweep p is paused: resume it with `infosweep resume p --db"))
    }
}
