import Testing

@testable import Worker

/// What a worker reads off its machine: the GPUs it is given or finds, and the CPUs its affinity mask allows.
@Suite struct HostResourceTests {
    @Test func gpusAreAListAutoOrNoneAndABadListIsRefusedNamingTheID() throws {
        #expect(try GPUSelection(parsing: "0,1,2,3") == .list(["0", "1", "2", "3"]))
        #expect(try GPUSelection(parsing: "none") == GPUSelection.none)
        #expect(try GPUSelection(parsing: "auto") == .auto)
        #expect(throws: GPUSelectionError.self) { try GPUSelection(parsing: "0,,1") }
        #expect(throws: GPUSelectionError.self) { try GPUSelection(parsing: "0,0") }
        do {
            _ = try GPUSelection(parsing: "0, 1 2")
        } catch {
            #expect("\(error)" == "--gpus 0, 1 2: '1 2' is not a GPU id (give auto, none, or ids such as 0,1,2,3)")
        }
    }

    @Test func autoTakesCUDAVisibleDevicesWhenSetElseWhatNvidiaSMIListsElseNone() {
        let listing = "GPU 0: NVIDIA A100 (UUID: GPU-aa)\nGPU 1: NVIDIA A100 (UUID: GPU-bb)\n"
        #expect(GPUSelection.auto.ids(environment: ["CUDA_VISIBLE_DEVICES": "2,3"]) { listing } == ["2", "3"])
        #expect(GPUSelection.auto.ids(environment: ["CUDA_VISIBLE_DEVICES": ""]) { listing } == [])
        #expect(GPUSelection.auto.ids(environment: ["CUDA_VISIBLE_DEVICES": "-1"]) { listing } == [])
        #expect(GPUSelection.auto.ids(environment: [:]) { listing } == ["0", "1"])
        #expect(GPUSelection.auto.ids(environment: [:]) { nil } == [])
        #expect(GPUSelection.none.ids(environment: ["CUDA_VISIBLE_DEVICES": "0"]) { listing } == [])
    }

    @Test func anAffinityListCountsItsCPUs() {
        #expect(HostResources.cpuCount(inList: "0-3,8") == 5)
        #expect(HostResources.cpuCount(inList: "\t0") == 1)
        #expect(HostResources.cpuCount(inList: "3-1") == nil)
        #expect(HostResources.cpuCount(inList: "x") == nil)
        #expect(HostResources.usableCores() >= 1)
        #expect(HostResources.usableMemoryMB() > 0)
    }
}
