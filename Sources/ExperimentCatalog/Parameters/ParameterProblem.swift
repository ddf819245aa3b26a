import SweepModel

/// Why an experiment cannot run with the given parameters; each case names the parameter at fault.
public enum ParameterProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case unknown(name: String, experiment: String, known: [String])
    case missing(name: String, experiment: String, summary: String)
    case wrongType(name: String, value: ParamValue, expected: String)
    case outOfRange(name: String, value: ParamValue, expected: String)
    /// A requirement between `parameters` fails; `values` shows them ("n_negatives=512, pool=256").
    case relation(requirement: String, parameters: [String], values: String)
    /// A task would need `neededBytes` of memory, more than `limitBytes` (`limit` says whose limit), at the
    /// values of the `parameters` the estimate reads.
    case memory(neededBytes: Double, limitBytes: Double, limit: String, parameters: [String], values: String)

    /// The parameters the problem is about: one, or those a relation or the memory estimate reads.
    public var parameters: [String] {
        switch self {
        case .unknown(let name, _, _), .missing(let name, _, _), .wrongType(let name, _, _),
            .outOfRange(let name, _, _):
            [name]
        case .relation(_, let parameters, _), .memory(_, _, _, let parameters, _):
            parameters
        }
    }

    public var description: String {
        switch self {
        case .unknown(let name, let experiment, let known):
            "experiment '\(experiment)' has no parameter '\(name)' (valid: \(known.joined(separator: ", ")))"
        case .missing(let name, let experiment, let summary):
            "experiment '\(experiment)' needs parameter '\(name)': \(summary)"
        case .wrongType(let name, let value, let expected), .outOfRange(let name, let value, let expected):
            "\(name) must be \(expected), not \(Self.quoted(value))"
        case .relation(let requirement, _, let values):
            "needs \(requirement), not \(values)"
        case .memory(let needed, let limit, let whose, _, let values):
            "a task needs about \(ByteCount.text(needed)) of memory at \(values), more than \(whose) "
                + "(\(ByteCount.text(limit)))"
        }
    }

    private static func quoted(_ value: ParamValue) -> String {
        switch value {
        case .string(let text): "the string '\(text)'"
        case .bool(let flag): "the boolean \(flag)"
        case .number: value.description
        }
    }
}

/// Byte counts as people read them.
public enum ByteCount {
    /// "512 B", "1.5 KiB", "7.6 GiB", "4.2e+04 EiB".
    public static func text(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(Int(value)) B" }
        if value >= 1e4 { return String(describing: (value * 10).rounded() / 10) + " " + units[unit] }
        let tenths = (value * 10).rounded() / 10
        return (tenths.rounded() == tenths ? String(Int(tenths)) : String(tenths)) + " " + units[unit]
    }
}
