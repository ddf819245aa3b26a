import SweepModel

/// Why a sweep cannot be accepted, with the place in its file and the field at fault.
public enum SweepValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownExperiment(name: String, known: [String], at: SourceLocation)
    /// A parameter or one of its values is wrong; `field` is where (`grid.sigma`, `params.tau`).
    case invalidParameter(ParameterProblem, field: String, at: SourceLocation)
    /// A combination of values the sweep contains breaks a relation or needs too much memory.
    case invalidPoint(ParameterProblem, field: String, at: SourceLocation)
    case tooLarge(SweepSizeProblem, at: SourceLocation)
    case invalidRequirement(field: String, problem: String, at: SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .unknownExperiment(_, _, let location), .invalidParameter(_, _, let location),
            .invalidPoint(_, _, let location), .tooLarge(_, let location), .invalidRequirement(_, _, let location):
            location
        }
    }

    public var field: String {
        switch self {
        case .unknownExperiment: "experiment"
        case .invalidParameter(_, let field, _), .invalidPoint(_, let field, _), .invalidRequirement(let field, _, _):
            field
        case .tooLarge: "sweep"
        }
    }

    public var message: String {
        switch self {
        case .unknownExperiment(let name, let known, _):
            "unknown experiment '\(name)' (valid: \(known.joined(separator: ", ")))"
        case .invalidParameter(let problem, _, _): problem.description
        case .invalidPoint(let problem, _, _): "points of this sweep are invalid: \(problem)"
        case .tooLarge(let problem, _): problem.description
        case .invalidRequirement(_, let problem, _): problem
        }
    }

    public var description: String { "\(location): \(field): \(message)" }
}
