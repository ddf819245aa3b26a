import Foundation

/// Standard output gathered into blocks, so that streaming millions of lines costs few system calls and
/// little memory.
struct BufferedOutput {
    private static let blockSize = 1 << 16
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(Self.blockSize + 4096)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.blockSize { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
