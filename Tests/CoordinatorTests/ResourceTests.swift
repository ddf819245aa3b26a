import SweepModel
import Testing
import WireProtocol

/// Claims take only what fits what a worker has free, and a sweep that no connected worker can hold says why.
@Suite("Resources on the coordinator")
struct ResourceTests {
    @Test func aClaimPacksTasksIntoWhatIsFreeForAsManyRoundsAsAsked() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: wide\nexperiment: noop\ngrid: {a: [1, 2, 3, 4, 5]}\nrequires: {cores: 2}\n")
        let worker = await harness.worker("w", cores: 4)
        let free = WorkerResources(slots: 4, cores: 4, memoryMB: 1024)
        let once = try await harness.claim(worker, limit: 100, free: free, rounds: 1)
        #expect(once.tasks.count == 2)
        #expect(once.tasks.allSatisfy { $0.requirements.cores == 2 })
        let twice = try await harness.claim(worker, limit: 100, free: free, rounds: 2)
        #expect(twice.tasks.count == 3)
        let tooSmall = WorkerResources(slots: 4, cores: 1, memoryMB: 1024)
        #expect(try await harness.claim(worker, limit: 100, free: tooSmall, rounds: 9).tasks.isEmpty)
        let noSlot = WorkerResources(slots: 0, cores: 4, memoryMB: 1024)
        #expect(try await harness.claim(worker, limit: 100, free: noSlot, rounds: 9).tasks.isEmpty)
    }

    @Test func aSweepNoConnectedWorkerCanHoldSaysWhatItWaitsFor() async throws {
        let harness = try await CoordinatorHarness()
        try await harness.submit("name: gpu\nexperiment: noop\ngrid: {a: [1, 2]}\nrequires: {gpus: 1}\n")
        try await harness.submit("name: big\nexperiment: noop\ngrid: {a: [1]}\nrequires: {cores: 16, memory_gb: 2}\n")
        try await harness.submit("name: cmd\ncommand: {argv: [\"true\"]}\ngrid: {a: [1]}\n")
        #expect(try await harness.status("gpu").waiting == nil)
        _ = await harness.worker("cpu", cores: 8)
        #expect(try await harness.status("gpu").waiting == "needs gpus: 1; no connected worker has a GPU")
        #expect(try await harness.status("big").waiting == "needs cores: 16; the most a connected worker offers is 8")
        #expect(
            try await harness.status("cmd").waiting
                == "no connected worker allows commands (start workers with --allow-commands)")
        _ = await harness.worker("gpu-node", cores: 32, memoryMB: 1024, gpuIDs: ["0"], allowsCommands: true)
        #expect(try await harness.status("gpu").waiting == nil)
        #expect(try await harness.status("cmd").waiting == nil)
        #expect(
            try await harness.status("big").waiting
                == "needs cores: 16, memory_gb: 2; no connected worker offers all of it at once")
    }
}
