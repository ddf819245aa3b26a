import Query
import SweepModel
import Testing

@Suite("The status --watch screen")
struct StatusScreenTests {
    func sweep(_ name: String, state: SweepState = .active, pending: Int = 5, done: Int = 5) -> SweepProgress {
        SweepProgress(
            name: name, experiment: "noop", state: state, total: pending + done, pending: pending, done: done)
    }

    @Test func everyLineFitsTheTerminalWidth() {
        let sweeps = (0..<3).map { sweep(String(repeating: "long-sweep-name-\($0)-", count: 6)) }
        let lines = StatusReport.screen(sweeps, width: 50, height: 24)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 50 })
        #expect(lines.allSatisfy { $0.hasSuffix("…") })
    }

    @Test func moreSweepsThanRowsFitOneScreenAndSayHowManyAreLeftOut() {
        let sweeps = (0..<40).map { sweep("s\($0)") }
        let lines = StatusReport.screen(sweeps, width: 80, height: 10)
        #expect(lines.count == 9)
        #expect(lines.last == "... and 32 more sweeps (name one to watch it)")
    }

    @Test func aRefiningSweepShowsItsRoundAndIsWatchedUntilItsLastRound() throws {
        var refining = sweep("r", pending: 0)
        refining.refinement = RefinementProgress(round: 2, rounds: 4)
        var ended = refining
        ended.refinement?.end = .converged
        let table = StatusReport.table([refining, ended, sweep("plain")]).split(separator: "\n")
        #expect(table[0].hasSuffix("round") && table[1].hasSuffix("2/4") && table[2].hasSuffix("2/4 converged"))
        #expect(table[3].hasSuffix("-"))
        #expect(!StatusReport.table([sweep("plain")]).contains("round"))
        #expect(StatusReport.progressLine(refining).hasSuffix(", round 2/4"))
        #expect(StatusReport.json([refining]).contains("\"refinement\":{\"round\":2,\"rounds\":4,\"ended\":null}"))
        #expect(!StatusReport.nothingLeftToWatch([refining]) && StatusReport.nothingLeftToWatch([ended]))
    }

    @Test func pausedSweepsAreShownPausedWithoutAnETAAndEndTheWatch() {
        let paused = sweep("p", state: .paused)
        let line = StatusReport.screen([paused], width: 120, height: 24)[0]
        #expect(line.contains("(paused)") && !line.contains("eta"))
        #expect(StatusReport.nothingLeftToWatch([paused, sweep("done", pending: 0)]))
        #expect(!StatusReport.nothingLeftToWatch([paused, sweep("active")]))
    }

    @Test func runningAndLeasedButWaitingAreShownApartWhereTheStoreCanTell() {
        let known = SweepProgress(name: "k", experiment: "noop", total: 10, pending: 2, running: 6, done: 2, started: 2)
        let unknown = SweepProgress(name: "u", experiment: "noop", total: 10, pending: 2, running: 6, done: 2)
        let table = StatusReport.table([known, unknown]).split(separator: "\n").map {
            $0.split(separator: " ").map(String.init)
        }
        #expect(
            table[0] == [
                "sweep", "experiment", "state", "total", "pending", "leased", "running", "done", "failed",
                "tasks/s", "eta",
            ])
        #expect(table[1].prefix(8) == ["k", "noop", "active", "10", "2", "4", "2", "2"])
        #expect(table[2].prefix(8) == ["u", "noop", "active", "10", "2", "?", "6", "2"])
        let json = StatusReport.json([known, unknown])
        #expect(json.contains("\"pending\":2,\"running\":2,\"done\":2,") && json.contains("\"leased\":4,"))
        #expect(json.contains("\"pending\":2,\"running\":6,\"done\":2,") && json.contains("\"leased\":null,"))
        #expect(StatusReport.progressLine(known).contains("2/10 done, 2 running, 4 leased"))
    }

    @Test func runningTasksProgressFollowsTheSweepsAsFarAsItFits() {
        let runs = (1...5).map { "  task \($0) on node1: 12s {\"epoch\": \($0), \"loss\": 0.25}" }
        let lines = StatusReport.screen([sweep("a"), sweep("b")], runs: runs, width: 30, height: 6)
        #expect(lines.count == 5)
        #expect(lines[2] == String(runs[0].prefix(29)) + "…")
        #expect(lines.allSatisfy { $0.count <= 30 })
        let crowded = StatusReport.screen((0..<40).map { sweep("s\($0)") }, runs: runs, width: 80, height: 10)
        #expect(crowded.count == 9 && crowded.last == "... and 32 more sweeps (name one to watch it)")
    }
}
