import NIOCore

/// Reads what `WireWriter` wrote; every read is bounds-checked and a count can never promise more elements
/// than bytes remain, so hostile input fails fast without large allocations.
public struct WireReader {
    private var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) {
        self.buffer = buffer
    }

    public var isAtEnd: Bool { buffer.readableBytes == 0 }

    private func truncated(_ what: String) -> ProtocolError {
        .malformedMessage("truncated \(what) at byte \(buffer.readerIndex)")
    }

    public mutating func readByte() throws(ProtocolError) -> UInt8 {
        guard let value = buffer.readInteger(as: UInt8.self) else { throw truncated("byte") }
        return value
    }

    public mutating func readUInt64() throws(ProtocolError) -> UInt64 {
        guard let value = buffer.readInteger(as: UInt64.self) else { throw truncated("integer") }
        return value
    }

    public mutating func readInt64() throws(ProtocolError) -> Int64 {
        guard let value = buffer.readInteger(as: Int64.self) else { throw truncated("integer") }
        return value
    }

    public mutating func readInt() throws(ProtocolError) -> Int {
        Int(try readInt64())
    }

    public mutating func readDouble() throws(ProtocolError) -> Double {
        Double(bitPattern: try readUInt64())
    }

    public mutating func readBool() throws(ProtocolError) -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        case let other: throw .malformedMessage("bad boolean \(other) at byte \(buffer.readerIndex - 1)")
        }
    }

    /// Raw bytes behind a 32-bit count.
    public mutating func readBytes() throws(ProtocolError) -> [UInt8] {
        let count = try readCount(minimumElementSize: 1)
        guard let bytes = buffer.readBytes(length: count) else { throw truncated("bytes") }
        return bytes
    }

    public mutating func readString() throws(ProtocolError) -> String {
        let count = try readCount(minimumElementSize: 1)
        guard let text = buffer.readString(length: count) else { throw truncated("string") }
        return text
    }

    public mutating func read<Value: WireCodable>(_: Value.Type = Value.self) throws(ProtocolError) -> Value {
        try Value(from: &self)
    }

    public mutating func readArray<Value: WireCodable>(
        of _: Value.Type = Value.self
    ) throws(ProtocolError)
        -> [Value]
    {
        let count = try readCount(minimumElementSize: 1)
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try Value(from: &self)) }
        return values
    }

    public mutating func readOptional<Value: WireCodable>(_: Value.Type = Value.self) throws(ProtocolError) -> Value? {
        try readBool() ? try Value(from: &self) : nil
    }

    /// A list of ids written as one comma-separated string (empty: none).
    public mutating func readIDList() throws(ProtocolError) -> [String] {
        try readString().split(separator: ",").map(String.init)
    }

    public mutating func readOptionalString() throws(ProtocolError) -> String? {
        try readBool() ? try readString() : nil
    }

    public mutating func readOptionalDouble() throws(ProtocolError) -> Double? {
        try readBool() ? try readDouble() : nil
    }

    public mutating func readOptionalInt64() throws(ProtocolError) -> Int64? {
        try readBool() ? try readInt64() : nil
    }

    /// A 32-bit element count, refused when the remaining bytes cannot hold that many elements.
    public mutating func readCount(minimumElementSize: Int) throws(ProtocolError) -> Int {
        guard let count = buffer.readInteger(as: UInt32.self) else { throw truncated("count") }
        guard Int(count) * minimumElementSize <= buffer.readableBytes else {
            throw .malformedMessage("count \(count) at byte \(buffer.readerIndex - 4) exceeds the message")
        }
        return Int(count)
    }
}
