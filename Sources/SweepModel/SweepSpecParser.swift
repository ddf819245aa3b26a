import Foundation
import Yams

/// Reads sweep files (YAML) into `SweepSpec`s, reporting every problem with its file, line and field.
public struct SweepSpecParser: Sendable {
    public static let topLevelKeys: Set<String> = [
        "name", "experiment", "params", "grid", "zip", "seeds", "exclude", "priority", "requires", "phase",
        "description",
    ]
    private static let reservedNames: Set<String> = ["seed"]

    public let file: String

    public init(file: String) {
        self.file = file
    }

    /// Reads and parses the file at `path`.
    public static func parse(contentsOf path: String) throws -> SweepSpec {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SweepSpecError(location: SourceLocation(file: path, line: 0, column: 0), field: "file",
                                 message: "cannot read the file (\(error.localizedDescription))")
        }
        return try SweepSpecParser(file: path).parse(text)
    }

    public func parse(_ text: String) throws -> SweepSpec {
        let root = try compose(text)
        guard let root, case .mapping(let mapping) = root else {
            throw error(at: root, "sweep", "the file must be a mapping with name, experiment and grid")
        }
        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string, Self.topLevelKeys.contains(name) else {
                let known = Self.topLevelKeys.sorted().joined(separator: ", ")
                throw error(at: key, key.scalar?.string ?? "key", "unknown key (expected one of: \(known))")
            }
            fields[name] = (key, value)
        }
        guard let nameNode = fields["name"]?.value else { throw error(at: root, "name", "missing (a sweep name)") }
        guard let experimentNode = fields["experiment"]?.value else {
            throw error(at: root, "experiment", "missing (which experiment runs each task)")
        }
        let name = try identifier(nameNode, field: "name")
        let experiment = try identifier(experimentNode, field: "experiment")

        var locations: [String: SourceLocation] = [:]
        var fixed = Parameters()
        if let node = fields["params"]?.value {
            for (key, value) in try pairs(node, field: "params") {
                let field = "params.\(key.name)"
                try checkNewName(key, field: field, locations: locations)
                fixed[key.name] = try scalarValue(value, field: field)
                locations[key.name] = location(of: key.node)
            }
        }

        var grid: [Axis] = []
        if let node = fields["grid"]?.value {
            for (key, value) in try pairs(node, field: "grid") {
                let field = "grid.\(key.name)"
                try checkNewName(key, field: field, locations: locations)
                grid.append(try axis(named: key.name, from: value, field: field))
                locations[key.name] = location(of: key.node)
            }
        }

        var zipGroups: [[Axis]] = []
        if let node = fields["zip"]?.value {
            guard case .sequence(let groups) = node else {
                throw error(at: node, "zip", "must be a list of groups, each a mapping of axis to values")
            }
            for (groupIndex, groupNode) in groups.enumerated() {
                var group: [Axis] = []
                for (key, value) in try pairs(groupNode, field: "zip[\(groupIndex)]") {
                    let field = "zip[\(groupIndex)].\(key.name)"
                    try checkNewName(key, field: field, locations: locations)
                    let axis = try axis(named: key.name, from: value, field: field)
                    if let first = group.first, first.values.count != axis.values.count {
                        throw error(at: value, field, "has \(axis.values.count) values but \(first.name) in the "
                            + "same zip group has \(first.values.count); zipped axes advance together")
                    }
                    group.append(axis)
                    locations[key.name] = location(of: key.node)
                }
                if group.isEmpty { throw error(at: groupNode, "zip[\(groupIndex)]", "empty group") }
                zipGroups.append(group)
            }
        }

        let seeds = try fields["seeds"].map { try seedList($0.value) } ?? [0]
        let priority = try fields["priority"].map { try integer($0.value, field: "priority") } ?? 0
        let requirements = try fields["requires"].map { try requirementsValue($0.value) } ?? Requirements()
        let view = try fields["phase"].map { try phaseView($0.value, axes: grid + zipGroups.flatMap { $0 }) }

        var exclusions: [Parameters] = []
        if let node = fields["exclude"]?.value {
            guard case .sequence(let rules) = node else {
                throw error(at: node, "exclude", "must be a list of mappings of axis to value")
            }
            let axisNames = Set((grid + zipGroups.flatMap { $0 }).map(\.name)).union(["seed"])
            for (ruleIndex, ruleNode) in rules.enumerated() {
                var rule = Parameters()
                for (key, value) in try pairs(ruleNode, field: "exclude[\(ruleIndex)]") {
                    let field = "exclude[\(ruleIndex)].\(key.name)"
                    guard axisNames.contains(key.name) else {
                        throw error(at: key.node, field, "not an axis of this sweep (axes: "
                            + axisNames.sorted().joined(separator: ", ") + ")")
                    }
                    rule[key.name] = try scalarValue(value, field: field)
                }
                exclusions.append(rule)
            }
        }

        locations[SweepSpec.experimentLocationKey] = location(of: experimentNode)
        return SweepSpec(name: name, experiment: experiment, fixed: fixed, grid: grid, zipGroups: zipGroups,
                         seeds: seeds, exclusions: exclusions, priority: priority, requirements: requirements,
                         view: view, locations: locations)
    }

    // MARK: - Pieces

    private struct Key {
        var name: String
        var node: Node
    }

    private func compose(_ text: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let yamlError as YamlError {
            throw translate(yamlError)
        }
    }

    private func translate(_ yamlError: YamlError) -> SweepSpecError {
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return SweepSpecError(location: SourceLocation(file: file, line: mark.line, column: mark.column),
                                  field: "yaml", message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SweepSpecError(
                location: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                field: duplicates.joined(separator: ", "), message: "duplicate key")
        default:
            return SweepSpecError(location: SourceLocation(file: file, line: 0, column: 0), field: "yaml",
                                  message: "\(yamlError)")
        }
    }

    private func location(of node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    private func error(at node: Node?, _ field: String, _ message: String) -> SweepSpecError {
        SweepSpecError(location: location(of: node), field: field, message: message)
    }

    private func pairs(_ node: Node, field: String) throws -> [(Key, Node)] {
        guard case .mapping(let mapping) = node else {
            throw error(at: node, field, "must be a mapping of names to values")
        }
        return try mapping.map { key, value in
            guard let name = key.scalar?.string, !name.isEmpty else {
                throw error(at: key, field, "keys must be plain names")
            }
            return (Key(name: name, node: key), value)
        }
    }

    private func checkNewName(_ key: Key, field: String, locations: [String: SourceLocation]) throws {
        if Self.reservedNames.contains(key.name) {
            throw error(at: key.node, field, "'seed' is set by the top-level 'seeds' key, not as a parameter or axis")
        }
        if let earlier = locations[key.name] {
            throw error(at: key.node, field, "duplicate axis or parameter '\(key.name)' (first defined at line "
                + "\(earlier.line))")
        }
    }

    private func identifier(_ node: Node, field: String) throws -> String {
        guard let scalar = node.scalar, !scalar.string.isEmpty else {
            throw error(at: node, field, "must be a non-empty name")
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard scalar.string.unicodeScalars.allSatisfy(allowed.contains) else {
            throw error(at: node, field, "'\(scalar.string)' may only hold letters, digits, '-', '_' and '.'")
        }
        return scalar.string
    }

    private func scalarValue(_ node: Node, field: String) throws -> ParamValue {
        guard let scalar = node.scalar else {
            throw error(at: node, field, "must be a single number, string or boolean")
        }
        if scalar.style != .plain { return .string(scalar.string) }
        if scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            throw error(at: node, field, "has no value")
        }
        let value = ParamValue.parse(scalar.string)
        if case .number(let number) = value, !number.isFinite {
            throw error(at: node, field, "must be finite")
        }
        return value
    }

    private func number(_ node: Node, field: String) throws -> Double {
        guard case .number(let value) = try scalarValue(node, field: field) else {
            throw error(at: node, field, "must be a number")
        }
        return value
    }

    private func integer(_ node: Node, field: String) throws -> Int {
        guard let value = try scalarValue(node, field: field).intValue else {
            throw error(at: node, field, "must be a whole number")
        }
        return value
    }

    private func axis(named name: String, from node: Node, field: String) throws -> Axis {
        switch node {
        case .sequence(let items):
            guard !items.isEmpty else { throw error(at: node, field, "empty axis: give at least one value") }
            let values = try items.map { try scalarValue($0, field: field) }
            var seen: Set<ParamValue> = []
            for (item, value) in zip(items, values) where !seen.insert(value).inserted {
                throw error(at: item, field, "value \(value) appears twice on the axis")
            }
            return Axis(name: name, values: values)
        case .mapping:
            let entries = Dictionary(try pairs(node, field: field).map { ($0.0.name, ($0.0, $0.1)) }) { a, _ in a }
            let kinds = ["linspace", "logspace"].filter { entries[$0] != nil }
            guard kinds.count == 1, let kind = kinds.first, let (_, rangeNode) = entries[kind] else {
                throw error(at: node, field, "a generated axis needs exactly one of linspace: [start, stop] or "
                    + "logspace: [start, stop], and num: N")
            }
            for (key, keyNode) in entries.mapValues(\.0) where key != kind && key != "num" {
                throw error(at: keyNode.node, "\(field).\(key)", "unknown key (expected \(kind) and num)")
            }
            guard case .sequence(let ends) = rangeNode, ends.count == 2 else {
                throw error(at: rangeNode, "\(field).\(kind)", "must be [start, stop]")
            }
            let start = try number(ends[0], field: "\(field).\(kind)")
            let stop = try number(ends[1], field: "\(field).\(kind)")
            guard let (_, numNode) = entries["num"] else { throw error(at: node, "\(field).num", "missing") }
            let count = try integer(numNode, field: "\(field).num")
            guard count >= 1 else { throw error(at: numNode, "\(field).num", "must be at least 1 (empty axis)") }
            guard count == 1 || start != stop else {
                throw error(at: rangeNode, "\(field).\(kind)", "start equals stop, so the \(count) values would repeat")
            }
            if kind == "logspace" {
                guard start > 0, stop > 0 else {
                    throw error(at: rangeNode, "\(field).logspace", "endpoints must be positive (they are values, "
                        + "not exponents)")
                }
                return Axis(name: name, values: Self.logspace(start, stop, count), spacing: .log)
            }
            return Axis(name: name, values: Self.linspace(start, stop, count), spacing: .linear)
        default:
            throw error(at: node, field, "an axis is a list of values or {linspace|logspace: [start, stop], num: N}")
        }
    }

    private func requirementsValue(_ node: Node) throws -> Requirements {
        var requirements = Requirements()
        for (key, value) in try pairs(node, field: "requires") {
            let field = "requires.\(key.name)"
            switch key.name {
            case "cores":
                requirements.cores = try integer(value, field: field)
                guard requirements.cores >= 1 else { throw error(at: value, field, "must be at least 1") }
            case "memory_gb":
                let gigabytes = try number(value, field: field)
                guard gigabytes > 0 else { throw error(at: value, field, "must be positive") }
                requirements.memoryMB = Int((gigabytes * 1024).rounded(.up))
            default:
                throw error(at: key.node, field, "unknown requirement (expected cores or memory_gb)")
            }
        }
        return requirements
    }

    private func phaseView(_ node: Node, axes: [Axis]) throws -> PhaseView {
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
                throw error(at: fields[name]!.1, "phase.\(name)", "'\(axis)' is not an axis of this sweep (axes: "
                    + axes.map(\.name).joined(separator: ", ") + ")")
            }
        }
        let statistic = try text("stat") ?? "median"
        guard statistic == "median" || statistic == "mean" else {
            throw error(at: fields["stat"]!.1, "phase.stat", "must be median or mean")
        }
        return PhaseView(x: x, y: try text("y"), facet: try text("facet"), metric: metric, statistic: statistic)
    }

    private func seedList(_ node: Node) throws -> [Int] {
        if case .sequence(let items) = node {
            guard !items.isEmpty else { throw error(at: node, "seeds", "empty list") }
            var seen: Set<Int> = []
            return try items.map { item in
                let seed = try integer(item, field: "seeds")
                guard seed >= 0 else { throw error(at: item, "seeds", "seeds must be non-negative") }
                guard seen.insert(seed).inserted else { throw error(at: item, "seeds", "seed \(seed) appears twice") }
                return seed
            }
        }
        let count = try integer(node, field: "seeds")
        guard count >= 1 else { throw error(at: node, "seeds", "must be at least 1 (or a list of seeds)") }
        return Array(0..<count)
    }

    /// Evenly spaced values from `start` to `stop` inclusive, canonicalised.
    public static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [ParamValue] {
        guard count > 1 else { return [.canonicalNumber(start)] }
        return (0..<count).map { index in
            .canonicalNumber(start + (stop - start) * Double(index) / Double(count - 1))
        }
    }

    /// Geometrically spaced values from `start` to `stop` inclusive, canonicalised.
    public static func logspace(_ start: Double, _ stop: Double, _ count: Int) -> [ParamValue] {
        guard count > 1 else { return [.canonicalNumber(start)] }
        let (low, high) = (log10(start), log10(stop))
        return (0..<count).map { index in
            .canonicalNumber(pow(10, low + (high - low) * Double(index) / Double(count - 1)))
        }
    }
}
