/// The version of infosweep, recorded with every result and exchanged in hellos.
public enum InfosweepVersion {
    /// The release, and after a `+` the commit it was built from: `--version` prints it and every result
    /// records it.
    public static let current = release + "+" + buildCommit
    public static let release = "0.1.0"
}
