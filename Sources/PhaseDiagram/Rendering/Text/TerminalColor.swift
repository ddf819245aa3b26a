/// Whether terminal output may carry colour, and the escapes that give it.
public enum TerminalColor {
    /// False when NO_COLOR is set (to anything), when TERM is "dumb", or when output is not a terminal.
    public static func shouldUseColor(environment: [String: String], isTTY: Bool) -> Bool {
        isTTY && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    static let reset = "\u{1B}[0m"

    /// `text` on a 24-bit `background`, in black or white for contrast.
    static func paint(_ text: String, background: RGB) -> String {
        let foreground = background.contrastingText
        return "\u{1B}[48;2;\(background.red);\(background.green);\(background.blue)m"
            + "\u{1B}[38;2;\(foreground.red);\(foreground.green);\(foreground.blue)m" + text + reset
    }

    /// `text` in a 24-bit `foreground` colour.
    static func tint(_ text: String, foreground: RGB) -> String {
        "\u{1B}[38;2;\(foreground.red);\(foreground.green);\(foreground.blue)m" + text + reset
    }
}
