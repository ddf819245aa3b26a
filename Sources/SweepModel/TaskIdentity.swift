/// The content address of a task: a hash of its experiment and canonical parameters (seed included).
///
/// Two sweeps that contain the same point produce the same key, so they share one task and its result.
public enum TaskIdentity {
    /// 32 hex digits (128 bits) of SHA-256 over `experiment` and the canonical parameter JSON.
    public static func key(experiment: String, parameters: Parameters) -> String {
        key(experiment: experiment, canonicalParameters: parameters.canonicalJSON)
    }

    /// The key of a task whose canonical parameter JSON is `canonicalParameters`.
    static func key(experiment: String, canonicalParameters: String) -> String {
        String(SHA256.hexDigest(of: experiment + "\n" + canonicalParameters).prefix(32))
    }
}
