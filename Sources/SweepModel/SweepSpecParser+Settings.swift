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
            case "gpus":
                requirements.gpus = try integer(value, field: field)
                guard (0...Requirements.maxGPUs).contains(requirements.gpus) else {
                    throw error(at: value, field, "must be from 0 to \(Requirements.maxGPUs)")
                }
            default:
                throw error(at: key.node, field, "unknown requirement (expected cores, memory_gb or gpus)")
            }
        }
        return requirements
    }

    func phaseView(_ node: Node, axes: [Axis]) throws -> PhaseView {
        var fields: [String: (Key, Node)] = [:]
        for (key, value) in try pairs(node, field: "phase") {
            guard ["x", "y", "facet", "metric", "stat", "pool"].contains(key.name) else {
                throw error(
                    at: key.node, "phase.\(key.name)", "unknown key (expected x, y, facet, metric, stat, pool)")
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
        guard ["median", "mean", "proportion"].contains(statistic) else {
            throw error(at: fields["stat"]!.1, "phase.stat", "must be median, mean or proportion")
        }
        let shown = [x] + [try text("y"), try text("facet")].compactMap { $0 }
        let pool = try fields["pool"].map { try pooledAxes($0.1, shown: shown, axes: axes) } ?? []
        let loose = axes.filter { Set($0.values).count > 1 && !shown.contains($0.name) && !pool.contains($0.name) }
        guard loose.isEmpty else {
            let names = loose.map(\.name)
            throw error(
                at: node, "phase",
                "axes not on the diagram would be mixed into every cell with the seeds: "
                    + "\(names.joined(separator: ", ")); show them, or pool them explicitly with "
                    + "pool: [\(names.joined(separator: ", "))]")
        }
        return PhaseView(
            x: x, y: try text("y"), facet: try text("facet"), metric: metric, statistic: statistic, pool: pool)
    }

    private func pooledAxes(_ node: Node, shown: [String], axes: [Axis]) throws -> [String] {
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        return try items.map { item in
            guard let name = item.scalar?.string, axes.contains(where: { $0.name == name }) else {
                throw error(
                    at: item, "phase.pool",
                    "'\(item.scalar?.string ?? "")' is not an axis of this sweep (axes: "
                        + axes.map(\.name).joined(separator: ", ") + ")")
            }
            guard !shown.contains(name) else {
                throw error(at: item, "phase.pool", "'\(name)' is on the diagram and cannot also be pooled")
            }
            return name
        }
    }
}
