/// One element of a command's argv as written, split into literal text and `{placeholders}`.
///
/// `{{` and `}}` stand for literal braces. `{args}` stands alone in its element and expands to
/// `--NAME VALUE` for every parameter in name order.
public struct ArgumentTemplate: Sendable, Hashable, Codable {
    /// A piece of an argv element.
    public enum Piece: Sendable, Hashable, Codable {
        case literal(String)
        case parameter(String)
        case taskDirectory
        case taskKey
        case attempt
        case allArguments
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// Splits `text` into pieces; `parameters` are the names a `{NAME}` may take.
    public init(parsing text: String, parameters: Set<String>) throws(ArgumentTemplateProblem) {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            switch character {
            case "{" where rest.first == "{", "}" where rest.first == "}":
                literal.append(character)
                rest = rest.dropFirst()
            case "{":
                guard let close = rest.firstIndex(of: "}") else { throw .unclosed(text) }
                let name = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(try Self.piece(named: name, parameters: parameters))
            case "}": throw .strayBrace(text)
            default: literal.append(character)
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        if pieces.contains(.allArguments), pieces.count > 1 { throw .argumentsNotAlone(text) }
        self.pieces = pieces
    }

    private static func piece(named name: String, parameters: Set<String>) throws(ArgumentTemplateProblem) -> Piece {
        switch name {
        case "task_dir": return .taskDirectory
        case "task_key": return .taskKey
        case "attempt": return .attempt
        case "args": return .allArguments
        default:
            guard parameters.contains(name) else {
                throw .unknownPlaceholder(name, known: parameters.sorted() + builtinNames)
            }
            return .parameter(name)
        }
    }

    /// The placeholders every command may use besides its parameters.
    public static let builtinNames = ["task_dir", "task_key", "attempt", "args"]

    /// The parameters this element names.
    public var parameterNames: Set<String> {
        Set(
            pieces.compactMap {
                if case .parameter(let name) = $0 { return name }
                return nil
            })
    }

    /// The arguments this element stands for in one task (several for `{args}`).
    public func expanded(in context: CommandContext) -> [String] {
        if pieces == [.allArguments] {
            return context.parameters.flatMap { ["--\($0.name)", $0.value.description] }
        }
        var text = ""
        for piece in pieces {
            switch piece {
            case .literal(let literal): text += literal
            case .parameter(let name): text += context.parameters[name]?.description ?? ""
            case .taskDirectory: text += context.taskDirectory
            case .taskKey: text += context.taskKey
            case .attempt: text += String(context.attempt)
            case .allArguments: break
            }
        }
        return [text]
    }

    /// The element as written, braces escaped again: the text the command's identity covers.
    public var written: String {
        pieces.map { piece in
            switch piece {
            case .literal(let text):
                text.replacingOccurrences(of: "{", with: "{{").replacingOccurrences(of: "}", with: "}}")
            case .parameter(let name): "{\(name)}"
            case .taskDirectory: "{task_dir}"
            case .taskKey: "{task_key}"
            case .attempt: "{attempt}"
            case .allArguments: "{args}"
            }
        }.joined()
    }
}

/// What a placeholder of one task stands for.
public struct CommandContext: Sendable, Hashable {
    public var parameters: Parameters
    public var taskDirectory: String
    public var taskKey: String
    public var attempt: Int

    public init(parameters: Parameters, taskDirectory: String, taskKey: String, attempt: Int) {
        self.parameters = parameters
        self.taskDirectory = taskDirectory
        self.taskKey = taskKey
        self.attempt = attempt
    }
}

/// Why an argv element cannot be read as a template.
public enum ArgumentTemplateProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownPlaceholder(String, known: [String])
    case unclosed(String)
    case strayBrace(String)
    case argumentsNotAlone(String)

    public var description: String {
        switch self {
        case .unknownPlaceholder(let name, let known):
            "unknown placeholder {\(name)} (known: \(known.joined(separator: ", ")))"
        case .unclosed(let text): "'\(text)' opens a placeholder with '{' and never closes it (write {{ for a brace)"
        case .strayBrace(let text): "'\(text)' has a '}' that closes nothing (write }} for a brace)"
        case .argumentsNotAlone(let text): "'\(text)': {args} expands to several arguments and must stand alone"
        }
    }
}
