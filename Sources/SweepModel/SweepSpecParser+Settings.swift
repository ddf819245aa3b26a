import Yams

extension SweepSpecParser {
    func requirementsValue(_ node: Node) throws -> Requirements {
        var requirements = Requirements()
        for (key, value) in try pairs(node, field: "requires") {
            let field = "requires.\(key.name)"
            switch key.name {
            case "cores":
                requirements.cores = try integer(value, field: field)
                guard requirements.cores >= 1 else { throw error(at: value, field, "must be at least 1") }
                guard requirements.cores <= Requirements.maxCores else {
                    throw error(
                        at: value, field,
                        "\(requirements.cores) cores is more than one worker can offer "
                            + "(at most \(Requirements.maxCores))")
                }
            case "memory_gb":
                let gigabytes = try number(value, field: field)
                guard gigabytes > 0 else { throw error(at: value, field, "must be positive") }
                guard gigabytes <= Requirements.maxMemoryGB else {
                    throw error(
                        at: value, field,
                        "\(value.scalar?.string ?? "") GB is more than one worker can offer "
                            + "(at most \(Int(Requirements.maxMemoryGB)) GB, 1 PiB)")
                }
                requirements.memoryMB = Int((gigabytes * 1024).rounded(.up))
            default:
                throw error(at: key.node, field, "unknown requirement (expected cores or memory_gb)")
            }
        }
        return requirements
    }

    func phaseView(_ node: Node, axes: [Axis]) throws -> PhaseView {
        var fields: [String: (Key, Node)] = [:]
        for (key, value) in try pairs(node, field: "phase") {
            guard ["x", "y", "facet", "metric", "stat"].contains(key.name) else {
                throw error(at: key.node, "phase.\(key.name)", "unknown key (expected x, y, facet, metric, stat)")
            }
            fields[key.name] = (key, value)
        }
        func text(_ name: String) throws -> String? {
            guard let (_, value) = fields[name] else { return nil }
            guard let scalar = value.scalar, !scalar.string.isEmpty else {
                throw error(at: value, "phase.\(name)", "must be a name")
            }
            return scalar.string
        }
        guard let x = try text("x") else { throw error(at: node, "phase.x", "missing (the axis across)") }
        guard let metric = try text("metric") else { throw error(at: node, "phase.metric", "missing") }
        let names = Set(axes.map(\.name))
        for name in ["x", "y", "facet"] {
            if let axis = try text(name), !names.contains(axis) {
                throw error(
                    at: fields[name]!.1, "phase.\(name)",
                    "'\(axis)' is not an axis of this sweep (axes: "
                        + axes.map(\.name).joined(separator: ", ") + ")")
            }
        }
        let statistic = try text("stat") ?? "median"
        guard statistic == "median" || statistic == "mean" else {
            throw error(at: fields["stat"]!.1, "phase.stat", "must be median or mean")
        }
        return PhaseView(x: x, y: try text("y"), facet: try text("facet"), metric: metric, statistic: statistic)
    }
}
