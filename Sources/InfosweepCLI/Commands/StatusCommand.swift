import ArgumentParser
import Foundation
import Query

/// `infosweep status [SWEEP]`: progress per sweep, once or live.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each sweep's progress: counts by state, throughput and ETA.")

    @Argument(help: "Only this sweep.")
    var sweep: String?

    @OptionGroup var target: TargetOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Keep showing progress bars until every sweep shown has finished.")
    var watch = false

    @Option(help: "Seconds between refreshes with --watch.")
    var interval: Double = 1

    func run() async throws {
        let source = try await target.source()
        guard watch else {
            let sweeps = try await source.progress(sweep: sweep)
            Output.line(json ? StatusReport.json(sweeps) : StatusReport.table(sweeps))
            return
        }
        var shownLines = 0
        while true {
            let sweeps = try await source.progress(sweep: sweep)
            let lines = sweeps.map { StatusReport.progressLine($0) }
            if Output.isTerminal && shownLines > 0 { Output.write("\u{1B}[\(shownLines)F\u{1B}[J") }
            Output.write(lines.joined(separator: "\n") + "\n")
            shownLines = lines.count
            if sweeps.allSatisfy(\.finished) { return }
            try await Task.sleep(for: .seconds(max(0.1, interval)))
        }
    }
}
