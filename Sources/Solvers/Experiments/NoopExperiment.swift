import Foundation
import SweepModel

/// A stand-in experiment for load and fault tests: sleeps, optionally fails, and reports numbers that
/// depend only on its parameters.
public struct NoopExperiment: Experiment {
    public init() {}

    public let name = "noop"
    public let summary = "does nothing for duration_ms; for load and fault tests"
    public let parameters: [ParameterInfo] = [
        ParameterInfo("duration_ms", default: .number(0), "how long each task sleeps"),
        ParameterInfo("fail", default: .bool(false), "when true, every run fails with an error"),
        ParameterInfo("seed", default: .number(0), "replicate number"),
        ParameterInfo("a", default: .number(0), "free axis"),
        ParameterInfo("b", default: .number(0), "free axis"),
        ParameterInfo("tau", default: .number(1), "free axis"),
        ParameterInfo("sigma", default: .number(0), "free axis"),
        ParameterInfo("n", default: .number(0), "free axis"),
        ParameterInfo("lr", default: .number(0), "free axis"),
        ParameterInfo("regime", default: .string("unimodal"), "free axis"),
    ]

    public func run(_ parameters: Parameters, context: RunContext) throws -> Metrics {
        let duration = try parameters.double("duration_ms") / 1000
        let deadline = Date().addingTimeInterval(duration)
        while Date() < deadline {
            try context.checkCancellation()
            Thread.sleep(forTimeInterval: min(0.01, max(0, deadline.timeIntervalSinceNow)))
        }
        if try parameters.bool("fail") { throw ExperimentError("noop asked to fail") }
        let seed = try parameters.int("seed")
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
        let total = parameters.compactMap { $0.name == "seed" ? nil : $0.value.doubleValue }.reduce(0, +)
        return Metrics(["value": total, "noise": generator.nextUnit(), "seed": Double(seed)])
    }
}
