import Foundation

/// Writes to standard output in full. When the reader has gone away (`infosweep export ... | head`), the
/// command ends at once and quietly with status 141, as a shell's own commands do on SIGPIPE.
enum StandardOutput {
    static let brokenPipeStatus: Int32 = 141

    static func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    static func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                exit(errno == EPIPE ? brokenPipeStatus : 74)
            }
        }
    }
}
