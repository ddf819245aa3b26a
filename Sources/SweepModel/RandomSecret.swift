/// Unguessable text for lease secrets and generated tokens: 128 bits from the system's secure generator, as 32
/// lower-case hex digits.
public enum RandomSecret {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }
}
