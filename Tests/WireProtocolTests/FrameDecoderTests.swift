import NIOCore
import NIOEmbedded
import Testing
@testable import WireProtocol

@Suite("Frames")
struct FrameDecoderTests {
    func channel(limit: Int = 64) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameLength: limit)))
        return channel
    }

    func frame(_ payload: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(payload.utf8.count))
        buffer.writeString(payload)
        return buffer
    }

    @Test func splitsAStreamIntoFramesWhateverTheChunking() throws {
        let channel = try channel()
        var stream = frame("hello")
        stream.writeImmutableBuffer(frame("world!"))
        // Feed one byte at a time: frames still come out whole and in order.
        while let byte = stream.readSlice(length: 1) { try channel.writeInbound(byte) }
        #expect(try channel.readInbound(as: ByteBuffer.self).map { String(buffer: $0) } == "hello")
        #expect(try channel.readInbound(as: ByteBuffer.self).map { String(buffer: $0) } == "world!")
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
    }

    @Test func refusesAFrameOverTheLimitBeforeBufferingIt() throws {
        let channel = try channel(limit: 64)
        var header = ByteBuffer()
        header.writeInteger(UInt32(1 << 30))
        #expect(throws: ProtocolError.frameTooLarge(length: 1 << 30, limit: 64)) { try channel.writeInbound(header) }
    }

    @Test func refusesAnEmptyFrame() throws {
        let channel = try channel()
        var header = ByteBuffer()
        header.writeInteger(UInt32(0))
        #expect(throws: ProtocolError.self) { try channel.writeInbound(header) }
    }

    @Test func reportsATruncatedFrameAtEndOfStream() throws {
        let channel = try channel()
        var partial = frame("truncated")
        partial.moveWriterIndex(to: partial.writerIndex - 3)
        try channel.writeInbound(partial)
        #expect(throws: ProtocolError.truncatedFrame(bytes: 10)) { _ = try channel.finish() }
    }

    @Test func encoderPrefixesTheLength() throws {
        var out = ByteBuffer()
        try FrameEncoder().encode(data: ByteBuffer(string: "abc"), out: &out)
        #expect(out.readInteger(as: UInt32.self) == 3)
        #expect(String(buffer: out) == "abc")
    }
}
