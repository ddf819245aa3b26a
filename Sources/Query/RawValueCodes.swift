/// Codes given to the raw texts of stored values, remembered by their bytes, so that a scan over millions of
/// rows reads each distinct text once.
final class RawValueCodes {
    private var codes: [ShortBytes: Int] = [:]
    private var last: (key: ShortBytes, code: Int)?

    /// The code of `raw`, from `compute` the first time these bytes are met (and every time for texts
    /// longer than `ShortBytes` holds).
    func code(
        for raw: UnsafeBufferPointer<UInt8>, compute: (UnsafeBufferPointer<UInt8>) throws -> Int
    ) rethrows
        -> Int
    {
        guard let key = ShortBytes(raw) else { return try compute(raw) }
        if let last, last.key == key { return last.code }
        let code: Int
        if let known = codes[key] {
            code = known
        } else {
            code = try compute(raw)
            codes[key] = code
        }
        last = (key, code)
        return code
    }
}

/// Up to 32 bytes held by value, as a dictionary key that costs no allocation.
struct ShortBytes: Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private let count: Int

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        count = bytes.count
        withUnsafeMutableBytes(of: &words) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
    }

    static func == (lhs: ShortBytes, rhs: ShortBytes) -> Bool {
        lhs.count == rhs.count && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
