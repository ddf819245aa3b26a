/// Why the end of a Slurm job could not be found.
public struct SlurmWalltimeError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
