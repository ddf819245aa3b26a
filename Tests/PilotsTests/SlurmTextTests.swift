import Foundation
import Testing

@testable import Pilots

@Suite("Slurm command lines and output")
struct SlurmTextTests {
    @Test func sbatchLineCarriesTheJobAndTheWorkerSettings() {
        let template = PilotJobTemplate(
            script: "/opt/infosweep-worker.sbatch", jobName: "pilots", cpusPerTask: 4, time: "01:00:00",
            partition: "gpu", gres: "gpu:2", memory: "16G", extraOptions: ["--account=ml"],
            environment: ["INFOSWEEP_IDLE_EXIT": "30", "INFOSWEEP_COORDINATOR": "head:7420"])
        #expect(
            template.arguments == [
                "--parsable", "--job-name=pilots", "--cpus-per-task=4", "--time=01:00:00", "--partition=gpu",
                "--gres=gpu:2", "--mem=16G", "--account=ml",
                "--export=ALL,INFOSWEEP_COORDINATOR=head:7420,INFOSWEEP_IDLE_EXIT=30", "/opt/infosweep-worker.sbatch",
            ])
        let plain = PilotJobTemplate(script: "s.sbatch", jobName: "p")
        #expect(plain.arguments == ["--parsable", "--job-name=p", "--cpus-per-task=1", "--export=ALL", "s.sbatch"])
    }

    @Test func gresAndMemoryAreRead() {
        #expect(PilotJobTemplate.gpus(inGres: nil) == 0)
        #expect(PilotJobTemplate.gpus(inGres: "gpu:4") == 4)
        #expect(PilotJobTemplate.gpus(inGres: "gpu:a100:2") == 2)
        #expect(PilotJobTemplate.gpus(inGres: "gpu") == 1)
        #expect(PilotJobTemplate.gpus(inGres: "nvme:1,gpu:3") == 3)
        #expect(PilotJobTemplate.gpus(inGres: "nvme:1") == 0)
        #expect(PilotJobTemplate.megabytes(inMemory: "4000") == 4000)
        #expect(PilotJobTemplate.megabytes(inMemory: "4000M") == 4000)
        #expect(PilotJobTemplate.megabytes(inMemory: "16G") == 16384)
        #expect(PilotJobTemplate.megabytes(inMemory: "1t") == 1_048_576)
        #expect(PilotJobTemplate.megabytes(inMemory: "2048K") == 2)
        #expect(PilotJobTemplate.megabytes(inMemory: "lots") == nil)
        #expect(PilotJobTemplate.megabytes(inMemory: "0") == nil)
    }

    @Test func sbatchJobIDIsRead() throws {
        #expect(try SlurmOutput.jobID(fromSbatch: "1234\n") == "1234")
        #expect(try SlurmOutput.jobID(fromSbatch: "1234;cluster\n") == "1234")
        #expect(throws: PilotError.unreadableOutput(command: "sbatch --parsable", output: "Submitted batch job x")) {
            try SlurmOutput.jobID(fromSbatch: "Submitted batch job x")
        }
        #expect(throws: PilotError.self) { try SlurmOutput.jobID(fromSbatch: "") }
    }

    @Test func squeueLinesAreRead() throws {
        let jobs = try SlurmOutput.jobs(fromSqueue: "12|PENDING|2026-12-06T14:30:21\n13|RUNNING|N/A\n\n")
        #expect(jobs.map(\.id) == ["12", "13"])
        #expect(jobs.map(\.phase) == [.queued, .running])
        #expect(jobs[1].submittedAt == nil)
        let expected = try #require(
            Calendar.current.date(from: DateComponents(year: 2026, month: 12, day: 6, hour: 14, minute: 30, second: 21))
        )
        #expect(jobs[0].submittedAt == expected.timeIntervalSince1970)
        #expect(throws: PilotError.unreadableOutput(command: "squeue", output: "garbage")) {
            try SlurmOutput.jobs(fromSqueue: "garbage\n")
        }
        #expect(SlurmJob(id: "1", state: "COMPLETING").phase == .other)
        #expect(SlurmJob(id: "1", state: "CONFIGURING").phase == .running)
    }

    @Test func theScriptIsFoundInTheRepositoryAboveABuild() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pilot-script-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let build = root.appendingPathComponent(".build/debug")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("worker"), withIntermediateDirectories: true)
        let script = root.appendingPathComponent("worker/infosweep-worker.sbatch").path
        try "#!/bin/bash\n".write(toFile: script, atomically: true, encoding: .utf8)
        let executable = build.appendingPathComponent("infosweep").path
        #expect(try PilotScript.locate(given: nil, environment: [:], executable: executable) == script)
        #expect(
            try PilotScript.locate(given: nil, environment: ["INFOSWEEP_SBATCH_SCRIPT": script], executable: "/x")
                == script)
        #expect(throws: PilotError.unreadableScript("/no/such.sbatch")) {
            try PilotScript.locate(given: "/no/such.sbatch", environment: [:], executable: executable)
        }
        #expect(throws: PilotError.self) {
            try PilotScript.locate(given: nil, environment: [:], executable: "/nowhere/bin/infosweep")
        }
    }
}
