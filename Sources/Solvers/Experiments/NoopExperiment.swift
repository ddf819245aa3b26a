import ExperimentCatalog
import Foundation
import SweepModel

/// A stand-in experiment for load and fault tests: sleeps, optionally fails or crashes its process, and
/// reports numbers that depend only on its parameters.
public struct NoopExperiment: Experiment {
    public init() {}

    public let descriptor = ExperimentDescriptor.noop

    public func run(resolved parameters: ResolvedParameters, context: RunContext) throws -> Metrics {
        let deadline = Date().addingTimeInterval(parameters.real("duration_ms") / 1000)
        while Date() < deadline {
            try context.checkCancellation()
            Thread.sleep(forTimeInterval: min(0.01, max(0, deadline.timeIntervalSinceNow)))
        }
        if parameters.flag("fail") { throw ExperimentError.failed(experiment: name, reason: "noop asked to fail") }
        crash(as: parameters.text("crash"))
        let seed = parameters.integer("seed")
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
        let total = parameters.values.compactMap { $0.name == "seed" ? nil : $0.value.doubleValue }.reduce(0, +)
        return Metrics(["value": total, "noise": generator.nextUnit(), "seed": Double(seed)])
    }

    /// Ends the process the way a broken experiment would, for the tests of crash isolation.
    private func crash(as kind: String) {
        switch kind {
        case "abort": abort()
        case "segfault":
            // A raised SIGSEGV is not a fault to the runtime's crash handler, which would let it pass.
            signal(SIGSEGV, SIG_DFL)
            raise(SIGSEGV)
        case "trap": fatalError("noop asked to trap")
        default: return
        }
    }
}
