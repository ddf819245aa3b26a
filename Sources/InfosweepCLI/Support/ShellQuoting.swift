/// Writes an argument as a POSIX shell would need it, for showing argv to people (nothing runs it).
enum ShellQuoting {
    static func quote(_ argument: String) -> String {
        let plain =
            !argument.isEmpty
            && argument.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_./=:,+%@".unicodeScalars.contains(scalar)
            }
        if plain { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
