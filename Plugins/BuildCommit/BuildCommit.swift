import Foundation
import PackagePlugin

/// Records the git commit the package is built from (`unknown` outside a git checkout, `-dirty` with
/// uncommitted changes to tracked files) as `InfosweepVersion.buildCommit`, before each build of its target.
/// The file is rewritten only when the commit changes, so an unchanged tree rebuilds nothing.
@main
struct BuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        let script = """
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]
            then commit="$commit-dirty"; fi
            printf 'extension InfosweepVersion {\\n    /// The commit this binary was built from.\\n' > "$2.new"
            printf '    public static let buildCommit = "%s"\\n}\\n' "$commit" >> "$2.new"
            if cmp -s "$2.new" "$2"; then rm -f "$2.new"; else mv "$2.new" "$2"; fi
            """
        return [
            .prebuildCommand(
                displayName: "Recording the build commit", executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: context.pluginWorkDirectoryURL)
        ]
    }
}
