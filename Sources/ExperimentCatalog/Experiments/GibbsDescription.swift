import SweepModel

extension ExperimentDescriptor {
    /// The unimodal Gibbs setup (NOTES.md B): particles on S^2 against the exact Gibbs density.
    public static let gibbs = ExperimentDescriptor(
        name: "gibbs",
        summary: "particles of the unimodal free energy on S^2 against the exact Gibbs density (NOTES.md B)",
        parameters: [
            ParameterDescriptor("tau", .real(.positive), default: .number(1), "temperature"),
            ParameterDescriptor(
                "kappa", .real(.nonNegative), default: .number(12),
                "sharpness k of the two-well potential"),
            ParameterDescriptor("w", .real(.open(0, 1)), default: .number(0.5), "weight of the well at m1 = (0,0,1)"),
            ParameterDescriptor("particles", .size(atLeast: 2), default: .number(768), "number of free particles"),
            ParameterDescriptor("steps", .integer(1...(1 << 53)), default: .number(5000), "Adam steps"),
            ParameterDescriptor("lr", .real(.positive), default: .number(0.05), "Adam learning rate"),
            ParameterDescriptor(
                "noise", .real(.nonNegative), default: .number(0.06),
                "std of the Gaussian noise added to the parameters per step"),
            ParameterDescriptor(
                "bandwidth", .real(.positive), default: .number(0.35),
                "KDE bandwidth on geodesic distance"),
            ParameterDescriptor(
                "cap_radius", .real(.aboveUpTo(0, Double.pi / 3)), default: .number(0.5),
                "geodesic radius of the caps around each well (the wells are 120 degrees apart)"),
            ParameterDescriptor(
                "average_fraction", .real(.aboveUpTo(0, 1)), default: .number(0.1),
                "cap_mass is averaged over this final fraction of the steps"),
            ParameterDescriptor(
                "quadrature_nodes", .integer(2...2048), default: .number(96),
                "Gauss-Legendre nodes of the reference (the work grows as their square)"),
            ParameterDescriptor(
                "seed", ParameterKind.seed, default: .number(0),
                "seed of the initialisation and the noise"),
        ],
        memory: MemoryModel(parameters: ["particles", "quadrature_nodes"]) { values, _ in
            let particles = values.real("particles")
            // The n x n kernel matrix, about 20 doubles per particle (parameters, positions, gradients, Adam
            // moments) and the quadrature nodes and weights at twice the asked count.
            return 8 * particles * particles + 8 * 20 * particles + 8 * 4 * values.real("quadrature_nodes")
        })
}
