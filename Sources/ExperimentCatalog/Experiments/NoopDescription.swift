import SweepModel

extension ExperimentDescriptor {
    /// A stand-in for load and fault tests: sleeps, optionally fails or crashes, takes free axes.
    public static let noop = ExperimentDescriptor(
        name: "noop", summary: "does nothing for duration_ms; for load and fault tests",
        parameters: [
            ParameterDescriptor(
                "duration_ms", .real(.closed(0, 86_400_000)), default: .number(0),
                "how long each task sleeps (at most a day)"),
            ParameterDescriptor("fail", .flag, default: .bool(false), "when true, every run fails with an error"),
            ParameterDescriptor(
                "crash", .choice(["none", "abort", "segfault", "trap"]), default: .string("none"),
                "how every run crashes its process after the sleep: abort(), SIGSEGV, a Swift runtime trap"),
            ParameterDescriptor("seed", ParameterKind.seed, default: .number(0), "replicate number"),
            ParameterDescriptor("a", .real(.any), default: .number(0), "free axis"),
            ParameterDescriptor("b", .real(.any), default: .number(0), "free axis"),
            ParameterDescriptor("tau", .real(.any), default: .number(1), "free axis"),
            ParameterDescriptor("sigma", .real(.any), default: .number(0), "free axis"),
            ParameterDescriptor("n", .real(.any), default: .number(0), "free axis"),
            ParameterDescriptor("lr", .real(.any), default: .number(0), "free axis"),
            ParameterDescriptor("regime", .label, default: .string("unimodal"), "free axis"),
        ])
}
