import Foundation
import TestSupport
import Testing

/// Code travels with a command sweep: submitted as a content-addressed bundle, run by a worker that cannot see
/// the submitter's files, and an edit to the code makes new tasks.
@Suite("Code bundles through a coordinator", .serialized)
struct CodeBundleFlowTests {
    let directory = TemporaryDirectory()

    var project: String { directory.file("project") }

    func writeProject(value: String) throws {
        try FileManager.default.createDirectory(atPath: project + "/lib", withIntermediateDirectories: true)
        try directory.write(
            "project/train.sh", "echo \"INFOSWEEP_METRICS {\\\"v\\\": $(cat lib/value.txt), \\\"a\\\": $1}\"\n")
        try directory.write("project/lib/value.txt", value)
        try directory.write(
            "project/sweep.yaml",
            "name: code\ncommand:\n  argv: [sh, train.sh, \"{a}\"]\n  code: [train.sh, lib]\ngrid: {a: [1, 2]}\n")
    }

    /// The task keys `plan` gives the project's sweep file.
    func keys() async throws -> Set<String> {
        let plan = try Child(["plan", project + "/sweep.yaml", "--json"], name: "plan", directory: directory)
        #expect(await plan.wait(seconds: 30) == 0, "\(plan.log)")
        let matches = plan.log.components(separatedBy: "\"key\":\"").dropFirst().map { String($0.prefix(32)) }
        return Set(matches)
    }

    @Test func aWorkerElsewhereRunsTheSweepFromItsBundleAndAnEditMakesNewKeys() async throws {
        try writeProject(value: "7")
        let coordinator = CoordinatorHarness(directory: directory)
        try await coordinator.start()
        let sweep = project + "/sweep.yaml"
        #expect(try await coordinator.command(["submit", sweep, "--json"]).contains("\"added\":2"))
        #expect(try await coordinator.command(["submit", sweep, "--json"]).contains("\"added\":0,\"existing\":2"))
        let firstKeys = try await keys()
        #expect(firstKeys.count == 2)

        // The worker cannot see the project: it runs what the bundle holds.
        try FileManager.default.moveItem(atPath: project, toPath: project + "-away")
        let elsewhere = directory.file("elsewhere")
        let worker = try coordinator.worker(
            ["--allow-commands", "--exit-when-idle", "--work-dir", elsewhere], name: "worker")
        #expect(await worker.wait(seconds: 60) == 0, "\(worker.log)")
        let status = try await coordinator.command(["status", "code", "--json"])
        #expect(status.contains("\"total\":2,\"pending\":0,\"running\":0,\"done\":2"), "\(status)")
        let export = try await coordinator.command(["export", "code", "--format", "jsonl"])
        #expect(export.contains("\"metrics\":{\"a\":1,\"v\":7}"), "\(export)")
        let cached = try FileManager.default.contentsOfDirectory(atPath: elsewhere + "/code")
        #expect(cached.count == 1 && cached[0].count == 64, "\(cached)")
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/code/" + cached[0] + "/lib/value.txt"))

        try FileManager.default.moveItem(atPath: project + "-away", toPath: project)
        try directory.write("project/lib/value.txt", "8")
        let editedKeys = try await keys()
        #expect(editedKeys.count == 2 && editedKeys.isDisjoint(with: firstKeys))
        // Submitted again, the sweep moves to the edited code; the first results stay, and export lists both.
        let resubmitted = try await coordinator.command(["submit", sweep, "--json"])
        #expect(resubmitted.contains("\"added\":2,\"existing\":0"), "\(resubmitted)")
        let moved = try await coordinator.command(["status", "code", "--json"])
        #expect(moved.contains("\"total\":2,\"pending\":2,\"running\":0,\"done\":0"), "\(moved)")
        let both = try await coordinator.command(["export", "code", "--format", "jsonl"])
        #expect(both.split(separator: "\n").filter { $0.hasPrefix("{") }.count == 4, "\(both)")
        #expect(both.contains("\"metrics\":{\"a\":2,\"v\":7}"), "\(both)")
    }
}
