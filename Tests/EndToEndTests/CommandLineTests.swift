import TestSupport
import Foundation
import Testing

/// The commands that need no coordinator of their own: `run` (the README's main job), `plan` and `solve`.
@Suite("Command line", .serialized)
struct CommandLineTests {
    let directory = TemporaryDirectory()

    /// Runs `infosweep ARGUMENTS` to its end and returns its status and its output (stdout and stderr).
    func infosweep(_ arguments: [String], name: String, seconds: Double = 120) async throws -> (Int32?, String) {
        let child = try Child(arguments, name: name, directory: directory)
        let status = await child.wait(seconds: seconds)
        return (status, child.log)
    }

    @Test func runDoesTheWholeSweepLocallyAndPrintsItsPhaseDiagram() async throws {
        let sweep = try directory.write(
            "local.yaml",
            "name: local\nexperiment: noop\nparams: {duration_ms: 5}\ngrid: {a: [1, 2, 3]}\nseeds: 4\n"
                + "phase: {x: a, metric: value}\n")
        let database = directory.file("local.sqlite")
        let (status, output) = try await infosweep(
            ["run", sweep, "--workers", "2", "--db", database], name: "run-1")
        #expect(status == 0, "\(output)")
        #expect(output.contains("sweep local: 12 tasks added, 0 already stored"), "\(output)")
        #expect(output.contains("finished in") && output.contains("with 2 workers"), "\(output)")
        #expect(output.contains("\nlocal: value (median)"), "the phase diagram is missing:\n\(output)")
        // The database is whole in its file (one that is copied alone holds every result), no log beside it.
        #expect(!FileManager.default.fileExists(atPath: database + "-wal"))
        let probe = StoreProbe(path: database)
        #expect(try probe.resultCount == 12)
        #expect(try probe.count(state: "done") == 12)
        #expect(try probe.tasksWithoutExactlyOneAcceptedAttempt == 0)
        // noop's value is the sum of its numeric parameters (a + duration_ms + tau = 1): the table shows a = 3's.
        #expect(output.contains("9"), "\(output)")

        let (again, second) = try await infosweep(["run", sweep, "--workers", "1", "--db", database], name: "run-2")
        #expect(again == 0, "\(second)")
        #expect(second.contains("sweep local: 0 tasks added, 12 already stored"), "\(second)")
        #expect(try probe.resultCount == 12)
    }

    @Test func planListsCountsAndChecksWithoutWritingAnything() async throws {
        let sweep = try directory.write(
            "plan.yaml", "name: plan\nexperiment: noop\nparams: {duration_ms: 1}\ngrid: {a: [1, 2, 3]}\nseeds: 2\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()

        let (countStatus, counted) = try await infosweep(["plan", sweep, "--count", "--json"], name: "plan-count")
        #expect(countStatus == 0, "\(counted)")
        #expect(counted.contains("{\"sweep\":\"plan\",\"experiment\":\"noop\",\"count\":6}"), "\(counted)")

        let (listStatus, listed) = try await infosweep(["plan", sweep, "--json"], name: "plan-json")
        #expect(listStatus == 0, "\(listed)")
        let line = try #require(listed.split(separator: "\n").first { $0.hasPrefix("{\"sweep\"") })
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let tasks = try #require(plan["tasks"] as? [[String: Any]])
        #expect(tasks.count == 6)
        #expect(Set(tasks.compactMap { $0["key"] as? String }).count == 6, "task keys are not distinct")
        let points = Set(
            tasks.compactMap { task -> String? in
                guard let params = task["params"] as? [String: Any] else { return nil }
                return "\(params["a"] ?? "-")/\(params["seed"] ?? "-")/\(params["duration_ms"] ?? "-")"
            })
        #expect(points == Set(["1/0/1", "1/1/1", "2/0/1", "2/1/1", "3/0/1", "3/1/1"]), "\(points)")

        let (tableStatus, table) = try await infosweep(["plan", sweep], name: "plan-table")
        #expect(tableStatus == 0 && table.contains("sweep plan: 6 tasks of experiment noop"), "\(table)")

        let bad = try directory.write("bad.yaml", "name: bad\nexperiment: noop\ngrid: {a: [1, 2]}\nseeds: -1\n")
        let (badStatus, refused) = try await infosweep(["plan", bad], name: "plan-bad")
        #expect(badStatus != 0 && badStatus != nil)
        #expect(refused.contains("bad.yaml:4"), "the error does not name the file and line:\n\(refused)")

        let after = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            after.filter { !$0.hasSuffix(".log") && !$0.hasSuffix(".yaml") }
                == before.filter { !$0.hasSuffix(".log") && !$0.hasSuffix(".yaml") },
            "plan wrote files")
    }

    @Test func solveRunsOneTaskAndPrintsItsMetrics() async throws {
        let (status, output) = try await infosweep(
            ["solve", "noop", "--set", "a=2", "--set", "duration_ms=1", "--json"], name: "solve-noop")
        #expect(status == 0, "\(output)")
        #expect(output.contains("{\"value\":4,"), "\(output)")

        // The Gibbs reference through the whole command, against scipy's quadrature (GibbsTests): 0.189346.
        let (gibbsStatus, gibbs) = try await infosweep(
            [
                "solve", "gibbs", "--set", "tau=1", "--set", "particles=16", "--set", "steps=5", "--json",
            ], name: "solve-gibbs")
        #expect(gibbsStatus == 0, "\(gibbs)")
        let line = try #require(gibbs.split(separator: "\n").first { $0.hasPrefix("{") })
        let metrics = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let reference = try #require(metrics["cap_mass_gibbs"] as? Double)
        #expect(abs(reference - 0.189346) < 1e-5)

        let (unknownStatus, unknown) = try await infosweep(
            ["solve", "noop", "--set", "durration_ms=1"], name: "solve-unknown")
        #expect(unknownStatus != 0 && unknownStatus != nil)
        #expect(unknown.contains("durration_ms") && unknown.contains("duration_ms"), "\(unknown)")
    }
}
