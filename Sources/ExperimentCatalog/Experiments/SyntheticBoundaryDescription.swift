import SweepModel

extension ExperimentDescriptor {
    /// A phase boundary with a known answer, for checking refinement and boundary estimates: a logistic step
    /// across the line x = 0.3 + 0.4 y, plus seeded Gaussian noise.
    public static let syntheticBoundary = ExperimentDescriptor(
        name: "synthetic_boundary",
        summary: "logistic step across x = 0.3 + 0.4 y with seeded noise: a boundary with a known answer",
        parameters: [
            ParameterDescriptor("x", .real(.any), default: .number(0), "position across the boundary"),
            ParameterDescriptor("y", .real(.any), default: .number(0), "position along it"),
            ParameterDescriptor("width", .real(.positive), default: .number(0.02), "width of the logistic step"),
            ParameterDescriptor("noise", .real(.nonNegative), default: .number(0.05), "sd of the Gaussian noise"),
            ParameterDescriptor("seed", ParameterKind.seed, default: .number(0), "seed of the noise"),
        ])
}
