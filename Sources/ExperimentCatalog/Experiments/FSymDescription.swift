import SweepModel

extension ExperimentDescriptor {
    /// A particle flow of F_sym on the circle (NOTES.md section 4).
    public static let fsym = ExperimentDescriptor(
        name: "fsym", summary: "particle flow of F_sym on the circle with U12 - U21 = -h sin (NOTES.md section 4)",
        parameters: [
            ParameterDescriptor(
                "heterogeneity", .real(.any), default: .number(0.5),
                "h: U12 - U21 = -h sin(theta); 0 is compatible"),
            ParameterDescriptor("tau", .real(.positive), default: .number(0.5), "temperature"),
            ParameterDescriptor("depth", .real(.any), default: .number(1), "a: depth of the shared well -a cos(theta)"),
            ParameterDescriptor(
                "bandwidth", .real(.positive), default: .number(0.3),
                "kernel bandwidth of the density estimates"),
            ParameterDescriptor("particles", .size(atLeast: 2), default: .number(256), "particles per measure"),
            ParameterDescriptor("steps", .integer(1...(1 << 53)), default: .number(2000), "Euler steps"),
            ParameterDescriptor("dt", .real(.positive), default: .number(0.002), "step length"),
            ParameterDescriptor(
                "noise", .real(.nonNegative), default: .number(0),
                "Langevin noise; > 0 breaks the matched symmetry"),
            ParameterDescriptor("matched_init", .flag, default: .bool(true), "start both measures on the same points"),
            ParameterDescriptor("bins", .size(atLeast: 2), default: .number(36), "histogram bins for the divergence"),
            ParameterDescriptor(
                "seed", ParameterKind.seed, default: .number(0),
                "seed of the initial points and the noise"),
        ],
        memory: MemoryModel(parameters: ["particles", "bins"]) { values, _ in
            let particles = values.real("particles")
            // The kernel and sine matrices between the two measures (2 x n x n doubles), about a dozen
            // doubles per particle and the two histograms.
            return 16 * particles * particles + 8 * 12 * particles + 16 * values.real("bins")
        })
}
