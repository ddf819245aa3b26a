/// The version of infosweep, recorded with every result and exchanged in hellos.
public enum InfosweepVersion {
    public static let current = "0.1.0"
}
