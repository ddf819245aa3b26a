import Foundation
import TestSupport
import Testing

/// What produced each result is recorded with it and exported: the engine kernels of the process that ran a
/// built-in (`INFOSWEEP_KERNELS=portable` forces the portable copy), and a command's task folder.
@Suite("Provenance", .serialized)
struct ProvenanceTests {
    let directory = TemporaryDirectory()

    /// The kernels this CPU runs by default: the AVX-512 copy, else the AVX2/FMA one, else the portable one.
    var defaultKernels: String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(text.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? [])
        guard flags.isSuperset(of: ["avx2", "fma"]) else { return "portable" }
        return flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) ? "avx512" : "avx2"
    }

    func exportAfterOneWorker(
        _ sweep: String, name: String, arguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> String {
        let coordinator = CoordinatorHarness(directory: TemporaryDirectory())
        try await coordinator.start()
        try await coordinator.submit(sweep)
        let worker = try coordinator.worker(
            ["--exit-when-idle"] + arguments, name: "worker-\(name)", environment: environment)
        #expect(await worker.wait(seconds: 60) == 0, "\(worker.log)")
        return try await coordinator.command(["export", name, "--format", "jsonl"])
    }

    @Test func aBuiltInsResultNamesTheKernelsItsProcessUsed() async throws {
        let sweep = "name: k\nexperiment: infonce_step\nparams: {batch: 64, dim: 8, repeats: 1}\n"
        let forced = try await exportAfterOneWorker(
            sweep, name: "k", environment: ["INFOSWEEP_KERNELS": "portable"])
        #expect(forced.contains("\"kernels\":\"portable\""), "\(forced)")
        #expect(forced.contains("\"task_folder\":\"\""), "\(forced)")
        let chosen = try await exportAfterOneWorker(sweep.replacingOccurrences(of: "k\n", with: "d\n"), name: "d")
        #expect(chosen.contains("\"kernels\":\"\(defaultKernels)\""), "\(chosen)")
    }

    @Test func aCommandsResultNamesItsTaskFolder() async throws {
        let work = directory.file("work")
        let sweep = "name: c\ncommand:\n  argv: [echo, 'INFOSWEEP_METRICS {{\"x\": 1}}']\n"
        let export = try await exportAfterOneWorker(
            sweep, name: "c", arguments: ["--allow-commands", "--work-dir", work])
        let folder = URL(fileURLWithPath: work).standardizedFileURL.path + "/tasks/"
        #expect(export.contains("\"task_folder\":\"") && export.contains(":" + folder), "\(export)")
        #expect(export.contains("\"kernels\":\"\""), "\(export)")
    }
}
