import Foundation

/// A URL's query (or a form body) as name-value pairs in order: `+` is a space, `%XX` a byte; a name may
/// come more than once (`where=a=1&where=b<2`).
struct QueryString: Sendable {
    let pairs: [(name: String, value: String)]

    init(_ text: String?) {
        pairs = (text ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The last value given for `name`, nil when none or empty.
    subscript(name: String) -> String? {
        pairs.last { $0.name == name && !$0.value.isEmpty }?.value
    }

    /// Every non-empty value given for `name`, in order.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name && !$0.value.isEmpty }.map(\.value)
    }

    /// `value` of `name` read as one of `T`'s raw values; a refusal names the field and the choices.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws(APIError) -> T
    where T.RawValue == String {
        guard let text = self[name] else { return value }
        guard let chosen = T(rawValue: text) else {
            let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw .badOption("\(name)=\(text) is not one of \(choices)")
        }
        return chosen
    }

    /// `name` as a whole number from `range`, or `value` when absent.
    func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text = self[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw .badOption("\(name)=\(text) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
