/// How far a sweep's refinement has come: rounds added of those asked for, and why it stopped once it has.
public struct RefinementProgress: Sendable, Hashable, Codable {
    /// Why a refinement stopped.
    public enum End: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Every round asked for was added.
        case rounds
        /// A round had nothing to add: no neighbours disagree, no interval is too wide.
        case converged
        /// The sweep reached `max_tasks`.
        case taskLimit
        /// The cells could not be read (no finished task, an unknown metric): the reason.
        case failed(String)

        /// The stored text: "rounds", "converged", "max_tasks" or "failed: REASON".
        public var description: String {
            switch self {
            case .rounds: "rounds"
            case .converged: "converged"
            case .taskLimit: "max_tasks"
            case .failed(let reason): "failed: " + reason
            }
        }

        public init(text: String) {
            switch text {
            case "rounds": self = .rounds
            case "converged": self = .converged
            case "max_tasks": self = .taskLimit
            default: self = .failed(text.hasPrefix("failed: ") ? String(text.dropFirst(8)) : text)
            }
        }
    }

    /// Rounds added so far.
    public var round: Int
    public var rounds: Int
    /// Nil while refinement goes on: a round is running or about to be planned.
    public var end: End?

    public init(round: Int, rounds: Int, end: End? = nil) {
        self.round = round
        self.rounds = rounds
        self.end = end
    }

    /// "2/4", "4/4 done", "2/4 converged", "3/4 at max_tasks", "1/4 failed: ...".
    public var summary: String {
        let counted = "\(round)/\(rounds)"
        switch end {
        case nil: return counted
        case .rounds: return counted + " done"
        case .converged: return counted + " converged"
        case .taskLimit: return counted + " at max_tasks"
        case .failed(let reason): return counted + " failed: " + reason
        }
    }
}
