/// Reads the flat JSON objects that `Parameters.canonicalJSON` writes, without a general JSON decoder:
/// the store reads one for every task it hands out or aggregates, so this path is hot.
enum CanonicalJSONReader {
    struct Malformed: Error, CustomStringConvertible {
        var offset: Int?
        var problem = "malformed JSON"

        var description: String { offset.map { "\(problem) at byte \($0)" } ?? problem }
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

    /// One value from its raw text, as `FlatJSONSelector` hands it over.
    static func value(raw: UnsafeBufferPointer<UInt8>) throws -> ParamValue {
        var reader = ByteReader(bytes: raw, allowNull: false)
        let value = try reader.value()
        guard reader.offset == raw.count else { throw Malformed(offset: reader.offset) }
        return value
    }

    struct ByteReader {
        let bytes: UnsafeBufferPointer<UInt8>
        let allowNull: Bool
        var offset = 0

        init(bytes: UnsafeBufferPointer<UInt8>, allowNull: Bool) {
            self.bytes = bytes
            self.allowNull = allowNull
        }

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
            try members { key, reader in
                var keyReader = ByteReader(bytes: key, allowNull: false)
                values[try keyReader.string()] = try reader.value()
            }
            return values
        }

        /// Walks the object's members; `visit` gets each key's raw text (quotes and escapes included) and
        /// must consume the member's value (read or skip it).
        mutating func members(_ visit: (UnsafeBufferPointer<UInt8>, inout ByteReader) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
            skipSpaces()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return
            }
            while true {
                skipSpaces()
                let key = try rawString()
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

        /// The raw text of the next value: a string with its quotes, or the run of bytes up to the next
        /// separator. Its validity is checked when it is read.
        mutating func rawValue() throws -> UnsafeBufferPointer<UInt8> {
            skipSpaces()
            guard offset < bytes.count else { throw Malformed(offset: offset) }
            if bytes[offset] == UInt8(ascii: "\"") { return try rawString() }
            let start = offset
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == 0x20 || byte == 0x0A
                    || byte == 0x09 || byte == 0x0D
                {
                    break
                }
                offset += 1
            }
            guard offset > start else { throw Malformed(offset: start) }
            return UnsafeBufferPointer(rebasing: bytes[start..<offset])
        }

        /// A string literal's raw text, quotes included, escapes left as they are.
        mutating func rawString() throws -> UnsafeBufferPointer<UInt8> {
            skipSpaces()
            let start = offset
            try expect(UInt8(ascii: "\""))
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                if byte == UInt8(ascii: "\"") { return UnsafeBufferPointer(rebasing: bytes[start..<offset]) }
                if byte == UInt8(ascii: "\\") { offset += 1 }
            }
            throw Malformed(offset: bytes.count)
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
                guard let number = DecimalText.double(UnsafeBufferPointer(rebasing: bytes[start..<offset])) else {
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
            let raw = try rawString()
            let inner = UnsafeBufferPointer(rebasing: raw[(raw.startIndex + 1)..<(raw.endIndex - 1)])
            guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
            var result = ""
            var plainStart = 0
            var index = 0
            while index < inner.count {
                guard inner[index] == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                result += String(decoding: UnsafeBufferPointer(rebasing: inner[plainStart..<index]), as: UTF8.self)
                let escaped = inner[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "n"): result += "\n"
                case UInt8(ascii: "t"): result += "\t"
                case UInt8(ascii: "r"): result += "\r"
                case UInt8(ascii: "b"): result += "\u{08}"
                case UInt8(ascii: "f"): result += "\u{0C}"
                case UInt8(ascii: "u"):
                    guard index + 4 <= inner.count,
                        let code = UInt32(
                            String(decoding: UnsafeBufferPointer(rebasing: inner[index..<index + 4]), as: UTF8.self),
                            radix: 16),
                        let scalar = Unicode.Scalar(code)
                    else { throw Malformed(offset: offset) }
                    result.unicodeScalars.append(scalar)
                    index += 4
                default: result.unicodeScalars.append(Unicode.Scalar(escaped))
                }
                plainStart = index
            }
            result += String(decoding: UnsafeBufferPointer(rebasing: inner[plainStart..<index]), as: UTF8.self)
            return result
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E")
        }
    }
}

extension Parameters {
    /// Reads the text `canonicalJSON` wrote (or any flat JSON object of strings, numbers and booleans).
    public init(canonicalJSON text: String) throws {
        self = try CanonicalJSONReader.parameters(text)
    }
}

extension ParamValue {
    /// A value from its raw text in canonical parameter JSON, as `FlatJSONSelector` hands it over.
    public init(canonicalJSONValue raw: UnsafeBufferPointer<UInt8>) throws {
        self = try CanonicalJSONReader.value(raw: raw)
    }
}
