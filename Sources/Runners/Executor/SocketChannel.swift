import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The Unix stream socket between the worker and an executor child: both directions on one descriptor, with
/// writes that never raise SIGPIPE when the other side is gone.
enum SocketChannel {
    /// A connected pair, both ends closed on exec; nil with errno when the system has none to give.
    static func pair() -> (Int32, Int32)? {
        var ends: [Int32] = [-1, -1]
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, kind, 0, &ends) == 0 else { return nil }
        return (ends[0], ends[1])
    }

    /// Sends every byte of `bytes`; false when the other side is gone.
    @discardableResult
    static func sendAll(_ bytes: UnsafeRawBufferPointer, on descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}

/// Reads newline-ended lines from a descriptor, blocking; the end of the stream ends the lines.
struct LineReader {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next line without its newline; nil once the other side has closed (or the read failed).
    mutating func next() -> Data? {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[..<newline])
                pending.removeSubrange(...newline)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            pending.append(contentsOf: chunk[..<count])
        }
    }
}
