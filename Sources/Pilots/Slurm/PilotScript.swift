import Foundation

/// Finds the sbatch script pilots run: the one given, else `INFOSWEEP_SBATCH_SCRIPT`, else the shipped
/// `infosweep-worker.sbatch` where an installation or a build of this repository keeps it.
public enum PilotScript {
    public static let fileName = "infosweep-worker.sbatch"

    /// The script's absolute path; throws when the one given cannot be read or none is found.
    public static func locate(
        given: String?, environment: [String: String], executable: String
    ) throws(PilotError) -> String {
        if let path = given ?? environment["INFOSWEEP_SBATCH_SCRIPT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard FileManager.default.isReadableFile(atPath: path) else { throw .unreadableScript(path) }
            return URL(fileURLWithPath: path).standardizedFileURL.path
        }
        let candidates = places(executable: executable)
        guard let found = candidates.first(where: FileManager.default.isReadableFile(atPath:)) else {
            throw .noScript(searched: candidates)
        }
        return found
    }

    /// Beside the executable, in `../share/infosweep/` from it, and in `worker/` of each folder above it (a
    /// build in `.build/` of this repository).
    static func places(executable: String) -> [String] {
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        var places = [
            folder.appendingPathComponent(fileName).path,
            folder.deletingLastPathComponent().appendingPathComponent("share/infosweep/\(fileName)").path,
        ]
        while folder.path != "/" {
            places.append(folder.appendingPathComponent("worker/\(fileName)").path)
            folder.deleteLastPathComponent()
        }
        return places
    }
}
