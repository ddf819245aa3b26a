/// The content address of a task: a hash of its experiment (with its version) and canonical parameters (seed
/// included).
///
/// Two sweeps that contain the same point produce the same key, so they share one task and its result.
public enum TaskIdentity {
    /// 32 hex digits (128 bits) of SHA-256 over `experiment`, its version past the first, and the canonical
    /// parameter JSON.
    public static func key(experiment: String, version: Int = 1, parameters: Parameters) -> String {
        key(experiment: experiment, version: version, canonicalParameters: parameters.canonicalJSON)
    }

    /// The key of a task whose canonical parameter JSON is `canonicalParameters`.
    static func key(experiment: String, version: Int, canonicalParameters: String) -> String {
        let identity = version == 1 ? experiment : experiment + "@v\(version)"
        return String(SHA256.hexDigest(of: identity + "\n" + canonicalParameters).prefix(32))
    }
}
