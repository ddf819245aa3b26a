import Foundation
import Yams

/// Reads sweep files (YAML) into `SweepSpec`s, reporting every problem with its file, line and field.
public struct SweepSpecParser: Sendable {
    public static let topLevelKeys: Set<String> = [
        "name", "experiment", "command", "params", "grid", "zip", "seeds", "exclude", "priority", "requires", "phase",
        "description", "refine",
    ]
    private static let reservedNames: Set<String> = ["seed"]

    public let file: String
    /// The most points the sweep may expand to; a larger sweep is refused before anything is expanded.
    public let maxPoints: Int

    public init(file: String, maxPoints: Int = SweepSpec.defaultMaxPoints) {
        self.file = file
        self.maxPoints = maxPoints
    }

    /// Reads and parses the file at `path`.
    public static func parse(
        contentsOf path: String, maxPoints: Int = SweepSpec.defaultMaxPoints
    ) throws -> SweepSpec {
        try SweepSpecParser(file: path, maxPoints: maxPoints).parse(try read(path))
    }

    /// The text of the sweep file at `path`, or an error naming it.
    public static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SweepSpecError(
                location: SourceLocation(file: path, line: 0, column: 0), field: "file",
                message: "cannot read the file (\(error.localizedDescription))")
        }
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
        let commandField = fields["command"]
        if let commandField, fields["experiment"] != nil {
            throw error(
                at: commandField.key, "command", "a sweep runs either a built-in experiment or a command, not both")
        }
        guard let experimentNode = fields["experiment"]?.value ?? commandField?.key else {
            throw error(at: root, "experiment", "missing (which experiment runs each task, or a command: block)")
        }
        let name = try identifier(nameNode, field: "name")

        var locations: [String: SourceLocation] = [:]
        var valueLocations: [String: [SourceLocation]] = [:]
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
                valueLocations[key.name] = itemLocations(value)
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
                        throw error(
                            at: value, field,
                            "has \(axis.values.count) values but \(first.name) in the "
                                + "same zip group has \(first.values.count); zipped axes advance together")
                    }
                    group.append(axis)
                    locations[key.name] = location(of: key.node)
                    valueLocations[key.name] = itemLocations(value)
                }
                if group.isEmpty { throw error(at: groupNode, "zip[\(groupIndex)]", "empty group") }
                zipGroups.append(group)
            }
        }

        let seeds = try fields["seeds"].map { try seedList($0.value) } ?? [0]
        let priority = try fields["priority"].map { try integer($0.value, field: "priority") } ?? 0
        let requirements = try fields["requires"].map { try requirementsValue($0.value) } ?? Requirements()
        if let requires = fields["requires"] {
            locations[SweepSpec.requirementsLocationKey] = location(of: requires.key)
        }
        let view = try fields["phase"].map { try phaseView($0.value, axes: grid + zipGroups.flatMap { $0 }) }
        let refine = try fields["refine"].map {
            try refineSpec($0.value, grid: grid, zipGroups: zipGroups, seeds: seeds)
        }

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
                        throw error(
                            at: key.node, field,
                            "not an axis of this sweep (axes: "
                                + axisNames.sorted().joined(separator: ", ") + ")")
                    }
                    rule[key.name] = try scalarValue(value, field: field)
                }
                exclusions.append(rule)
            }
        }

        let names = Set(fixed.names).union((grid + zipGroups.flatMap { $0 }).map(\.name)).union(["seed"])
        let command = try commandField.map { try self.command($0.value, parameters: names) }
        let experiment = try command?.experimentName ?? identifier(experimentNode, field: "experiment")
        locations[SweepSpec.experimentLocationKey] = location(of: experimentNode)
        let sizeKey = ["grid", "zip", "seeds"].lazy.compactMap { fields[$0]?.key }.first ?? nameNode
        locations[SweepSpec.sizeLocationKey] = location(of: sizeKey)
        var spec = SweepSpec(
            name: name, experiment: experiment, fixed: fixed, grid: grid, zipGroups: zipGroups, seeds: seeds,
            exclusions: exclusions, priority: priority, requirements: requirements, view: view, locations: locations,
            valueLocations: valueLocations, command: command)
        spec.refine = refine
        do {
            try spec.checkSize(maxPoints: maxPoints)
        } catch {
            throw self.error(at: sizeKey, sizeKey.scalar?.string ?? "sweep", error.description)
        }
        return spec
    }

    // MARK: - Pieces

    struct Key {
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
            return SweepSpecError(
                location: SourceLocation(file: file, line: mark.line, column: mark.column),
                field: "yaml", message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SweepSpecError(
                location: SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                field: duplicates.joined(separator: ", "), message: "duplicate key")
        default:
            return SweepSpecError(
                location: SourceLocation(file: file, line: 0, column: 0), field: "yaml",
                message: "\(yamlError)")
        }
    }

    func location(of node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0)
    }

    func error(at node: Node?, _ field: String, _ message: String) -> SweepSpecError {
        SweepSpecError(location: location(of: node), field: field, message: message)
    }

    func pairs(_ node: Node, field: String) throws -> [(Key, Node)] {
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
            throw error(
                at: key.node, field,
                "duplicate axis or parameter '\(key.name)' (first defined at line "
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

    /// A written scalar: quoted text stays text; a number keeps the exact value written.
    func scalarValue(_ node: Node, field: String) throws -> ParamValue {
        guard let scalar = node.scalar else {
            throw error(at: node, field, "must be a single number, string or boolean")
        }
        if scalar.style != .plain { return .string(scalar.string) }
        if scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            throw error(at: node, field, "has no value")
        }
        do {
            return try ParamValue.reading(scalar.string)
        } catch {
            throw self.error(at: node, field, error.description)
        }
    }

    /// Where each item of a sequence node was written; none for any other node.
    private func itemLocations(_ node: Node) -> [SourceLocation] {
        guard case .sequence(let items) = node else { return [] }
        return items.map { location(of: $0) }
    }

    func number(_ node: Node, field: String) throws -> Double {
        guard case .number(let value) = try scalarValue(node, field: field) else {
            throw error(at: node, field, "must be a number")
        }
        return value
    }

    func integer(_ node: Node, field: String) throws -> Int {
        guard let value = try scalarValue(node, field: field).intValue else {
            throw error(at: node, field, "must be a whole number")
        }
        return value
    }

}
