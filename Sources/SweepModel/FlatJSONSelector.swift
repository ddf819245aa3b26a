/// Finds chosen keys in flat JSON objects (parameter and metric texts) straight from their bytes.
///
/// Keys are compared as the bytes `JSONText.quote` writes and values come back as raw text, so a scan over
/// a million stored rows makes no strings and allocates nothing. The object's structure is checked; values
/// are checked when the caller reads them.
public struct FlatJSONSelector: Sendable {
    /// Each wanted key as a quoted JSON string literal.
    private let quotedKeys: [[UInt8]]

    public init(keys: [String]) {
        quotedKeys = keys.map { Array(JSONText.quote($0).utf8) }
    }

    /// Calls `found` with the index of each wanted key present in `bytes` and the raw text of its value (a
    /// string keeps its quotes); other members are skipped unread.
    public func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        var reader = CanonicalJSONReader.ByteReader(bytes: bytes, allowNull: true)
        try reader.members { key, reader in
            let raw = try reader.rawValue()
            if let index = index(of: key) { try found(index, raw) }
        }
        reader.skipSpaces()
        guard reader.offset == bytes.count else { throw CanonicalJSONReader.Malformed(offset: reader.offset) }
    }

    private func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, wanted) in quotedKeys.enumerated() where wanted.count == key.count {
            if wanted.withUnsafeBufferPointer({ $0.elementsEqual(key) }) { return index }
        }
        return nil
    }

    /// A metric's raw text as a Double: a JSON number, a non-finite value's quoted name (`Metrics`), or NaN
    /// for `null`; nil for anything else.
    public static func number(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        if raw.count == 4, raw.elementsEqual("null".utf8) { return .nan }
        if raw.first == UInt8(ascii: "\"") {
            return Metrics.nonFiniteValue(named: String(decoding: raw.dropFirst().dropLast(), as: UTF8.self))
        }
        return DecimalText.double(raw)
    }
}
