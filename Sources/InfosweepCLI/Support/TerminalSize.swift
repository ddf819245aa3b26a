import Foundation

/// The size of the terminal on standard output, when it is one.
struct TerminalSize {
    var columns: Int
    var rows: Int

    static func current() -> TerminalSize? {
        guard Output.isTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return TerminalSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
    }
}
