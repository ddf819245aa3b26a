import Foundation
import SweepModel

/// One `--where` condition: a parameter or a metric compared with a value (`regime=unimodal`,
/// `degenerate=0`, `final_loss<5`).
public struct WhereCondition: Sendable, Hashable, CustomStringConvertible {
    /// The comparisons `--where` understands, longest spelling first so that `<=` is not read as `<`.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case notEqual = "!="
        case atMost = "<="
        case atLeast = ">="
        case equal = "="
        case below = "<"
        case above = ">"

        /// Whether `lhs` compared with `rhs` holds; orderings hold only between numbers.
        func holds(_ lhs: ParamValue, _ rhs: ParamValue) -> Bool {
            switch self {
            case .equal: return Self.same(lhs, rhs)
            case .notEqual: return !Self.same(lhs, rhs)
            default:
                guard case .number(let left) = lhs, case .number(let right) = rhs else { return false }
                return holds(left, right)
            }
        }

        /// Whether the comparison holds between two numbers; NaN satisfies none but `!=`.
        func holds(_ left: Double, _ right: Double) -> Bool {
            switch self {
            case .equal: left == right
            case .notEqual: left != right
            case .below: left < right
            case .atMost: left <= right
            case .above: left > right
            case .atLeast: left >= right
            }
        }

        var isOrdering: Bool { self != .equal && self != .notEqual }

        private static func same(_ lhs: ParamValue, _ rhs: ParamValue) -> Bool {
            if case .number(let left) = lhs, case .number(let right) = rhs { return left == right }
            return lhs == rhs
        }
    }

    public var name: String
    public var comparison: Comparison
    public var value: ParamValue

    public init(name: String, comparison: Comparison = .equal, value: ParamValue) {
        self.name = name
        self.comparison = comparison
        self.value = value
    }

    /// Reads `NAME OP VALUE`, OP one of `=`, `!=`, `<`, `<=`, `>`, `>=`.
    public init(parsing text: String) throws(WhereConditionError) {
        // The first operator in the text; where two start at the same place (`<` and `<=`), the longer.
        let found = Comparison.allCases.compactMap { comparison in
            text.range(of: comparison.rawValue).map { (comparison: comparison, range: $0) }
        }.min { first, second in
            first.range.lowerBound != second.range.lowerBound
                ? first.range.lowerBound < second.range.lowerBound
                : first.comparison.rawValue.count > second.comparison.rawValue.count
        }
        guard let (comparison, range) = found else { throw .noComparison(text) }
        let name = String(text[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        let value = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !value.isEmpty else { throw .noComparison(text) }
        let parsed = ParamValue.parse(value)
        guard !comparison.isOrdering || parsed.isNumber else { throw .orderingNeedsANumber(text) }
        self.init(name: name, comparison: comparison, value: parsed)
    }

    public var description: String { "\(name)\(comparison.rawValue)\(value)" }
}

/// Why a `--where` text is not a condition.
public enum WhereConditionError: Error, Sendable, Hashable, CustomStringConvertible {
    case noComparison(String)
    case orderingNeedsANumber(String)

    public var description: String {
        switch self {
        case .noComparison(let text):
            "--where takes NAME OP VALUE with OP one of =, !=, <, <=, >, >= (e.g. regime=unimodal, "
                + "'final_loss<5'), not '\(text)'"
        case .orderingNeedsANumber(let text):
            "--where \(text): <, <=, > and >= compare numbers; give a number"
        }
    }
}

extension ParamValue {
    fileprivate var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
