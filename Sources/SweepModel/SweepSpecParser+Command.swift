import Yams

extension SweepSpecParser {
    static let commandKeys = ["argv", "workdir", "env", "timeout", "code"]

    /// The `command:` block; `parameters` are the names its placeholders may take (seed included).
    func command(_ node: Node, parameters: Set<String>) throws -> CommandSpec {
        var command = CommandSpec(argv: [])
        var sawArgv = false
        for (key, value) in try pairs(node, field: "command") {
            let field = "command.\(key.name)"
            switch key.name {
            case "argv":
                command.argv = try argv(value, parameters: parameters)
                sawArgv = true
            case "workdir": command.workdir = try text(value, field: field)
            case "env": command.environment = try environment(value)
            case "timeout": command.timeoutSeconds = try duration(value, field: field)
            case "code": command.code = try textList(value, field: field)
            default:
                throw error(
                    at: key.node, field,
                    "unknown key (expected one of: \(Self.commandKeys.joined(separator: ", ")))")
            }
        }
        guard sawArgv else { throw error(at: node, "command.argv", "missing (the program and its arguments)") }
        return command
    }

    private func argv(_ node: Node, parameters: Set<String>) throws -> [ArgumentTemplate] {
        guard case .sequence(let items) = node, !items.isEmpty else {
            throw error(at: node, "command.argv", "must be a non-empty list: the program, then its arguments")
        }
        return try items.enumerated().map { index, item in
            let field = "command.argv[\(index)]"
            let written = try text(item, field: field)
            do {
                let template = try ArgumentTemplate(parsing: written, parameters: parameters)
                if index == 0, template.pieces.isEmpty { throw error(at: item, field, "the program name is empty") }
                return template
            } catch let problem as ArgumentTemplateProblem {
                throw error(at: item, field, problem.description)
            }
        }
    }

    private func environment(_ node: Node) throws -> [String: String] {
        var environment: [String: String] = [:]
        for (key, value) in try pairs(node, field: "command.env") {
            let field = "command.env.\(key.name)"
            guard !key.name.contains("="), !key.name.hasPrefix("INFOSWEEP_") else {
                throw error(at: key.node, field, "must be a variable name without '=' and not INFOSWEEP_*")
            }
            environment[key.name] = try text(value, field: field)
        }
        return environment
    }

    private func text(_ node: Node, field: String) throws -> String {
        guard let scalar = node.scalar else { throw error(at: node, field, "must be a single string") }
        return scalar.string
    }

    private func textList(_ node: Node, field: String) throws -> [String] {
        guard case .sequence(let items) = node else {
            throw error(at: node, field, "must be a list of files and folders")
        }
        return try items.enumerated().map { index, item in
            let path = try text(item, field: "\(field)[\(index)]")
            guard !path.isEmpty else { throw error(at: item, "\(field)[\(index)]", "is empty") }
            return path
        }
    }

    /// `90`, `90s`, `45m` or `2h`, as seconds.
    private func duration(_ node: Node, field: String) throws -> Double {
        let written = try text(node, field: field)
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let unit = written.last.flatMap { units[$0] }
        let number = Double(unit == nil ? written : String(written.dropLast()))
        guard let number, number.isFinite, number > 0 else {
            throw error(at: node, field, "'\(written)' is not a positive duration (write 90s, 45m or 2h)")
        }
        return number * (unit ?? 1)
    }
}
