import SweepModel

extension Parameters {
    /// The number named `name`, or an error naming the parameter and what it holds.
    public func double(_ name: String) throws -> Double {
        guard let value = self[name] else { throw ExperimentError("missing parameter '\(name)'") }
        guard case .number(let number) = value else {
            throw ExperimentError("parameter '\(name)' must be a number, not '\(value)'")
        }
        return number
    }

    public func int(_ name: String) throws -> Int {
        guard let value = self[name], let number = value.intValue else {
            throw ExperimentError(
                "parameter '\(name)' must be a whole number, not '\(self[name].map { "\($0)" } ?? "nothing")'")
        }
        return number
    }

    public func string(_ name: String) throws -> String {
        guard let value = self[name] else { throw ExperimentError("missing parameter '\(name)'") }
        return value.description
    }

    public func bool(_ name: String) throws -> Bool {
        switch self[name] {
        case .bool(let flag): return flag
        case .number(let number) where number == 0 || number == 1: return number == 1
        default: throw ExperimentError("parameter '\(name)' must be true or false")
        }
    }

    /// A string parameter restricted to `choices`.
    public func choice(_ name: String, _ choices: [String]) throws -> String {
        let value = try string(name)
        guard choices.contains(value) else {
            throw ExperimentError(
                "parameter '\(name)' must be one of \(choices.joined(separator: ", ")), not '\(value)'")
        }
        return value
    }
}
