import SweepModel

extension CommandSpec {
    /// A command read from the definition a leased task carries.
    static func wire(_ text: String) throws(ProtocolError) -> CommandSpec {
        do {
            return try CommandSpec(definitionJSON: text)
        } catch {
            throw .malformedMessage("a leased task's command definition is not readable: \(error)")
        }
    }
}
