import NIOCore

/// Writes values in the wire's binary form: big-endian integers, IEEE doubles by bit pattern, strings and
/// arrays behind a 32-bit count.
public struct WireWriter {
    public private(set) var buffer: ByteBuffer

    public init(capacity: Int = 256) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    public mutating func write(_ value: UInt8) { buffer.writeInteger(value) }

    public mutating func write(_ value: UInt64) { buffer.writeInteger(value) }

    public mutating func write(_ value: Int64) { buffer.writeInteger(value) }

    public mutating func write(_ value: Int) { buffer.writeInteger(Int64(value)) }

    /// An element count, as `WireReader.readCount` reads it.
    public mutating func writeCount(_ count: Int) { buffer.writeInteger(UInt32(count)) }

    public mutating func write(_ value: Double) { buffer.writeInteger(value.bitPattern) }

    public mutating func write(_ value: Bool) { buffer.writeInteger(value ? 1 as UInt8 : 0) }

    /// Raw bytes behind a 32-bit count, as `WireReader.readBytes` reads them.
    public mutating func write(bytes: [UInt8]) {
        writeCount(bytes.count)
        buffer.writeBytes(bytes)
    }

    public mutating func write(_ value: String) {
        buffer.writeInteger(UInt32(value.utf8.count))
        buffer.writeString(value)
    }

    public mutating func write<Value: WireCodable>(_ value: Value) {
        value.write(to: &self)
    }

    public mutating func write<Value: WireCodable>(_ values: [Value]) {
        buffer.writeInteger(UInt32(values.count))
        for value in values { value.write(to: &self) }
    }

    public mutating func write<Value: WireCodable>(_ value: Value?) {
        guard let value else { return write(false) }
        write(true)
        value.write(to: &self)
    }

    public mutating func write(_ value: String?) {
        guard let value else { return write(false) }
        write(true)
        write(value)
    }

    public mutating func write(_ value: Double?) {
        guard let value else { return write(false) }
        write(true)
        write(value)
    }

    public mutating func write(_ value: Int64?) {
        guard let value else { return write(false) }
        write(true)
        write(value)
    }
}

/// A value with a binary wire form.
public protocol WireCodable {
    init(from reader: inout WireReader) throws(ProtocolError)
    func write(to writer: inout WireWriter)
}
