import SweepModel

/// Compares a presented token with the expected one in time that depends on neither's content or length.
public enum TokenCheck {
    public static func matches(presented: String, expected: String) -> Bool {
        let left = SHA256.digest(Array(presented.utf8))
        let right = SHA256.digest(Array(expected.utf8))
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }
}
