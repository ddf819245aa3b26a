/// Reads the flat JSON objects that `Parameters.canonicalJSON` writes, without a general JSON decoder:
/// the store reads one for every task it hands out or aggregates, so this path is hot.
enum CanonicalJSONReader {
    struct Malformed: Error, CustomStringConvertible {
        var offset: Int

        var description: String { "malformed parameter JSON at byte \(offset)" }
    }

    static func parameters(_ text: String) throws -> Parameters {
        Parameters(try pairs(text, allowNull: false))
    }

    static func pairs(_ text: String, allowNull: Bool) throws -> [String: ParamValue] {
        var text = text
        return try text.withUTF8 { bytes throws -> [String: ParamValue] in
            var reader = ByteReader(bytes: bytes, allowNull: allowNull)
            return try reader.object()
        }
    }

    /// The values of `keys` in a flat object, nil where a key is absent; other values are skipped unread.
    static func select(_ text: String, keys: [String], allowNull: Bool) throws -> [ParamValue?] {
        var text = text
        return try text.withUTF8 { try select(bytes: $0, keys: keys, allowNull: allowNull) }
    }

    static func select(bytes: UnsafeBufferPointer<UInt8>, keys: [String], allowNull: Bool) throws -> [ParamValue?] {
        var reader = ByteReader(bytes: bytes, allowNull: allowNull)
        var selected = [ParamValue?](repeating: nil, count: keys.count)
        try reader.members { key, reader in
            if let index = keys.firstIndex(of: key) {
                selected[index] = try reader.value()
            } else {
                try reader.skipValue()
            }
        }
        return selected
    }

    private struct ByteReader {
        let bytes: UnsafeBufferPointer<UInt8>
        let allowNull: Bool
        var offset = 0

        mutating func skipSpaces() {
            while offset < bytes.count,
                bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x09
                    || bytes[offset] == 0x0D
            { offset += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpaces()
            guard offset < bytes.count, bytes[offset] == byte else { throw Malformed(offset: offset) }
            offset += 1
        }

        mutating func object() throws -> [String: ParamValue] {
            var values: [String: ParamValue] = [:]
            try members { key, reader in values[key] = try reader.value() }
            return values
        }

        /// Walks the object's members; `visit` must consume each member's value (read or skip it).
        mutating func members(_ visit: (String, inout ByteReader) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
            skipSpaces()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return
            }
            while true {
                skipSpaces()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                try visit(key, &self)
                skipSpaces()
                guard offset < bytes.count else { throw Malformed(offset: offset) }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                    continue
                }
                try expect(UInt8(ascii: "}"))
                return
            }
        }

        mutating func skipValue() throws {
            skipSpaces()
            guard offset < bytes.count else { throw Malformed(offset: offset) }
            if bytes[offset] == UInt8(ascii: "\"") {
                _ = try string()
                return
            }
            let start = offset
            while offset < bytes.count, bytes[offset] != UInt8(ascii: ","), bytes[offset] != UInt8(ascii: "}") {
                offset += 1
            }
            guard offset > start else { throw Malformed(offset: start) }
        }

        mutating func value() throws -> ParamValue {
            skipSpaces()
            guard offset < bytes.count else { throw Malformed(offset: offset) }
            switch bytes[offset] {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n") where allowNull: return try literal("null", .number(.nan))
            default:
                let start = offset
                while offset < bytes.count, Self.isNumberByte(bytes[offset]) { offset += 1 }
                let digits = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                if let number = Self.exactDecimal(digits) { return .number(number) }
                guard let number = Double(String(decoding: digits, as: UTF8.self)) else {
                    throw Malformed(offset: start)
                }
                return .number(number)
            }
        }

        mutating func literal(_ word: StaticString, _ value: ParamValue) throws -> ParamValue {
            let count = word.utf8CodeUnitCount
            guard offset + count <= bytes.count,
                (0..<count).allSatisfy({ bytes[offset + $0] == word.utf8Start[$0] })
            else { throw Malformed(offset: offset) }
            offset += count
            return value
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            var plainStart = offset
            var result = ""
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    result += String(decoding: UnsafeBufferPointer(rebasing: bytes[plainStart..<offset]), as: UTF8.self)
                    offset += 1
                    return result
                }
                if byte == UInt8(ascii: "\\") {
                    result += String(decoding: UnsafeBufferPointer(rebasing: bytes[plainStart..<offset]), as: UTF8.self)
                    offset += 1
                    guard offset < bytes.count else { break }
                    let escaped = bytes[offset]
                    offset += 1
                    switch escaped {
                    case UInt8(ascii: "n"): result += "\n"
                    case UInt8(ascii: "t"): result += "\t"
                    case UInt8(ascii: "r"): result += "\r"
                    case UInt8(ascii: "b"): result += "\u{08}"
                    case UInt8(ascii: "f"): result += "\u{0C}"
                    case UInt8(ascii: "u"):
                        guard offset + 4 <= bytes.count,
                            let code = UInt32(
                                String(
                                    decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + 4]),
                                    as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(code)
                        else { throw Malformed(offset: offset) }
                        result.unicodeScalars.append(scalar)
                        offset += 4
                    default: result.unicodeScalars.append(Unicode.Scalar(escaped))
                    }
                    plainStart = offset
                    continue
                }
                offset += 1
            }
            throw Malformed(offset: offset)
        }

        private static let powersOfTen: [Double] = (0...22).map { pow10 in
            (0..<pow10).reduce(1.0) { value, _ in value * 10 }
        }

        /// Plain decimals of at most 15 significant digits and |exponent| <= 22 (every canonical parameter
        /// value) convert exactly as mantissa times or over a power of ten; anything else returns nil.
        static func exactDecimal(_ digits: UnsafeBufferPointer<UInt8>) -> Double? {
            var index = 0
            var negative = false
            if index < digits.count, digits[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            var mantissa: UInt64 = 0
            var significant = 0
            var scale = 0
            var seenDigit = false
            var seenPoint = false
            while index < digits.count {
                let byte = digits[index]
                if byte == UInt8(ascii: ".") {
                    guard !seenPoint else { return nil }
                    seenPoint = true
                } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    seenDigit = true
                    if mantissa != 0 || byte != UInt8(ascii: "0") { significant += 1 }
                    guard significant <= 15 else { return nil }
                    mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    if seenPoint { scale -= 1 }
                } else {
                    return nil
                }
                index += 1
            }
            guard seenDigit, scale >= -22 else { return nil }
            let value = Double(mantissa) / powersOfTen[-scale]
            return negative ? -value : value
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }
    }
}

extension Parameters {
    /// The values of `names` in the text `canonicalJSON` wrote, without building the whole set.
    public static func select(_ names: [String], fromCanonicalJSON text: String) throws -> [ParamValue?] {
        try CanonicalJSONReader.select(text, keys: names, allowNull: false)
    }

    /// `select(_:fromCanonicalJSON:)` on the text's UTF-8 bytes, as a database hands them over.
    public static func select(_ names: [String], fromCanonicalJSON bytes: UnsafeBufferPointer<UInt8>) throws
        -> [ParamValue?]
    {
        try CanonicalJSONReader.select(bytes: bytes, keys: names, allowNull: false)
    }

    /// Reads the text `canonicalJSON` wrote (or any flat JSON object of strings, numbers and booleans).
    public init(canonicalJSON text: String) throws {
        self = try CanonicalJSONReader.parameters(text)
    }
}
