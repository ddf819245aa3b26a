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

    @Test func pausedSweepsAreShownPausedWithoutAnETAAndEndTheWatch() {
        let paused = sweep("p", state: .paused)
        let line = StatusReport.screen([paused], width: 120, height: 24)[0]
        #expect(line.contains("(paused)") && !line.contains("eta"))
        #expect(StatusReport.nothingLeftToWatch([paused, sweep("done", pending: 0)]))
        #expect(!StatusReport.nothingLeftToWatch([paused, sweep("active")]))
    }
}
