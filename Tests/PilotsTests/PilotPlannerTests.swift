import Pilots
import SweepModel
import Testing

@Suite("Pilot planner")
struct PilotPlannerTests {
    func demand(
        pending: Int, running: Int = 0, cores: Int = 0, gpus: Int = 0, memoryMB: Int = 0, command: Bool = false,
        held: Int = 0
    ) -> WorkDemand {
        WorkDemand(
            groups: [
                WorkDemand.Group(
                    requirements: Requirements(cores: cores, memoryMB: memoryMB, gpus: gpus), isCommand: command,
                    pending: pending, running: running)
            ], held: held)
    }

    func plan(
        _ demand: WorkDemand, _ pilots: PilotCensus = PilotCensus(), shape: PilotShape = PilotShape(),
        maxJobs: Int = 3
    ) -> PilotPlan {
        PilotPlanner(shape: shape, maxJobs: maxJobs).plan(for: demand, pilots: pilots)
    }

    @Test func submitsUpToMaxJobsForALargeSweep() {
        #expect(plan(demand(pending: 40)).submit == 3)
        #expect(plan(demand(pending: 40), PilotCensus(queued: 1)).submit == 2)
        #expect(plan(demand(pending: 40), PilotCensus(queued: 1, running: 2)).submit == 0)
    }

    @Test func neverSubmitsMoreThanTheWorkNeeds() {
        #expect(plan(demand(pending: 2), maxJobs: 10).submit == 2)
        #expect(plan(demand(pending: 0), maxJobs: 10).submit == 0)
        #expect(plan(demand(pending: 2), PilotCensus(queued: 2), maxJobs: 10).submit == 0)
    }

    @Test func aPilotTakesAsManyTasksAsItsCPUsHoldAtTheirCores() {
        let four = PilotShape(cpus: 4)
        #expect(plan(demand(pending: 5), shape: four, maxJobs: 10).submit == 2)  // 1 core each (the default)
        #expect(plan(demand(pending: 5, cores: 2), shape: four, maxJobs: 10).submit == 3)
        #expect(plan(demand(pending: 8, cores: 4), shape: four, maxJobs: 10).submit == 8)
        #expect(plan(demand(pending: 8, cores: 3), shape: four, maxJobs: 10).submit == 8)
    }

    @Test func gpuTasksAreCountedByTheirGPUs() {
        let node = PilotShape(cpus: 8, gpus: 4)
        #expect(plan(demand(pending: 10, gpus: 1), shape: node, maxJobs: 10).submit == 3)
        #expect(plan(demand(pending: 10, cores: 4, gpus: 1), shape: node, maxJobs: 10).submit == 5)
        let none = plan(demand(pending: 10, gpus: 1), shape: PilotShape(cpus: 8), maxJobs: 10)
        #expect(none.submit == 0)
        #expect(none.misfits.map(\.reason) == [.gpus(needed: 1, offered: 0)])
    }

    @Test func runningTasksFillTheRunningPilotsFirst() {
        // Two running pilots busy with two tasks: three pending tasks need three more pilots.
        #expect(plan(demand(pending: 3, running: 2), PilotCensus(running: 2), maxJobs: 10).submit == 3)
        // Three running pilots with two tasks: one has room, so two more.
        #expect(plan(demand(pending: 3, running: 2), PilotCensus(running: 3), maxJobs: 10).submit == 2)
        // Two-slot pilots: four running tasks fill two pilots.
        let two = PilotShape(cpus: 2)
        #expect(plan(demand(pending: 4, running: 4), PilotCensus(running: 2), shape: two, maxJobs: 10).submit == 2)
    }

    @Test func queuedPilotsBeyondTheNeedAreCancelled() {
        let surplus = plan(demand(pending: 1, running: 2), PilotCensus(queued: 3, running: 2), maxJobs: 10)
        #expect(surplus.submit == 0)
        #expect(surplus.cancelQueued == 2)
        let finished = plan(demand(pending: 0), PilotCensus(queued: 2, running: 1))
        #expect(finished.finished)
        #expect(finished.cancelQueued == 2)
        #expect(plan(demand(pending: 3), PilotCensus(queued: 3)).cancelQueued == 0)
    }

    @Test func jobsThatTakeNoTasksStillCountAgainstMaxJobs() {
        #expect(plan(demand(pending: 40), PilotCensus(other: 2)).submit == 1)
        #expect(plan(demand(pending: 40), PilotCensus(running: 1, other: 2)).submit == 0)
    }

    @Test func tasksNoPilotCanHoldAreNamedAndLeftOut() {
        let big = plan(demand(pending: 4, cores: 8), shape: PilotShape(cpus: 4))
        #expect(big.submit == 0)
        #expect(
            big.misfits.map(\.description) == [
                "4 pending tasks fit no pilot: they need 8 cores; pilots have "
                    + "--cpus-per-task 4"
            ])
        let commands = plan(demand(pending: 4, command: true))
        #expect(commands.submit == 0)
        #expect(commands.misfits.map(\.reason) == [.commands])
        #expect(plan(demand(pending: 4, command: true), shape: PilotShape(runsCommands: true)).submit == 3)
        let memory = plan(demand(pending: 4, memoryMB: 8000), shape: PilotShape(cpus: 4, memoryMB: 16000))
        #expect(memory.submit == 2)
        #expect(plan(demand(pending: 4, memoryMB: 8000), shape: PilotShape(memoryMB: 4000)).misfits.count == 1)
    }

    @Test func heldTasksKeepASweepUnfinishedButNeedNoPilot() {
        let paused = plan(demand(pending: 0, held: 5))
        #expect(!paused.finished)
        #expect(paused.submit == 0)
    }

    @Test func mixedGroupsAddUp() {
        let work = WorkDemand(groups: [
            WorkDemand.Group(requirements: Requirements(), pending: 3),
            WorkDemand.Group(requirements: Requirements(cores: 2), pending: 3),
        ])
        // 3 one-core tasks take 3/4 of a four-CPU pilot, 3 two-core tasks 3/2: 2.25, so 3 pilots.
        #expect(plan(work, shape: PilotShape(cpus: 4), maxJobs: 10).submit == 3)
    }
}
