import ArgumentParser
import Foundation
import NIOPosix
import Solvers
import SweepModel

/// `infosweep solve EXPERIMENT --set k=v`: runs one task locally and prints its metrics.
struct SolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve", abstract: "Run one task of an experiment locally and print its metrics.")

    @Argument(help: "The experiment (\(ExperimentRegistry.names.joined(separator: ", "))).")
    var experiment: String

    @Option(name: .customLong("set"), help: "A parameter, key=value (repeatable).")
    var settings: [String] = []

    @Option(help: "Threads the run may use.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let experiment = try ExperimentRegistry.experiment(named: self.experiment)
        var given = Parameters()
        for setting in settings {
            guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                throw ValidationError("--set takes key=value, not '\(setting)'")
            }
            let name = String(setting[..<equals])
            do {
                given[name] = try ParamValue.reading(String(setting[setting.index(after: equals)...]))
            } catch {
                throw ValidationError("--set \(name): \(error)")
            }
        }
        let parameters = try experiment.resolve(given)
        let threads = self.threads
        let started = Date()
        let metrics = try await NIOThreadPool.singleton.runIfActive {
            try experiment.run(parameters, context: RunContext(threads: threads))
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            Output.line(metrics.jsonText)
        } else {
            for (name, value) in metrics { Output.line("\(name)\t\(value)") }
            Output.line("(\(experiment.name), \(String(format: "%.3f", seconds)) s, \(threads) threads)")
        }
    }
}
