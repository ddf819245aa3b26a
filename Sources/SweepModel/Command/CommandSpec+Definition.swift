import Foundation

extension CommandSpec {
    /// The whole command as JSON, as the store keeps it and the wire carries it to a worker.
    public var definitionJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, numbers, arrays and enums with string payloads: encoding cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A command read back from its `definitionJSON`.
    public init(definitionJSON text: String) throws {
        self = try JSONDecoder().decode(CommandSpec.self, from: Data(text.utf8))
    }
}
