import ArgumentParser
import SweepModel

/// `infosweep plan FILE`: the tasks a sweep file expands to, without writing anything.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show the tasks a sweep file expands to, without writing anything.")

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print only the number of tasks, counted without expanding the sweep.")
    var count = false

    @Option(help: "The most points the sweep may have (a coordinator's --max-sweep-points).")
    var maxPoints = SweepSpec.defaultMaxPoints

    func validate() throws {
        guard maxPoints >= 1 else { throw ValidationError("--max-points must be at least 1, not \(maxPoints)") }
    }

    func run() async throws {
        let (spec, _, code) = try SpecLoader.load(file, maxPoints: maxPoints)
        // The size check passed, so the count fits.
        let total = spec.pointCount() ?? 0
        var output = BufferedOutput()
        defer { output.flush() }
        let header =
            "{\"sweep\":\(JSONText.quote(spec.name)),\"experiment\":\(JSONText.quote(spec.experiment)),"
            + "\"count\":\(total)"
        switch (count, json) {
        case (true, true): output.write(header + "}\n")
        case (true, false): output.write("sweep \(spec.name): \(total) tasks of experiment \(spec.experiment)\n")
        case (false, true):
            output.write(header + ",\"tasks\":[")
            for (index, task) in spec.expand().enumerated() {
                let argv = spec.command.map { command in
                    ",\"argv\":[" + Self.arguments(command, of: task).map(JSONText.quote).joined(separator: ",") + "]"
                }
                output.write(
                    (index == 0 ? "" : ",") + "{\"key\":\"\(task.key)\",\"params\":"
                        + task.parameters.canonicalJSON + (argv ?? "") + "}")
            }
            output.write("]}\n")
        case (false, false): writeTable(spec, code: code, total: total, to: &output)
        }
    }

    /// The tasks as an aligned table, written as they are made: column widths come from the axes' values.
    private func writeTable(_ spec: SweepSpec, code: CodeBundle?, total: Int, to output: inout BufferedOutput) {
        output.write("sweep \(spec.name): \(total) tasks of experiment \(spec.experiment)\n")
        if !spec.fixed.names.isEmpty {
            output.write("fixed: " + spec.fixed.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + "\n")
        }
        if let command = spec.command { writeCommand(command, code: code, of: spec, to: &output) }
        let axisNames = spec.axes.map(\.name) + ["seed"]
        let seedWidth = spec.seeds.bounds.map { String($0.upperBound).count } ?? 0
        let widths =
            [total > 0 ? 12 : 3]
            + spec.axes.map { axis in
                max(axis.name.count, axis.values.map(\.description.count).max() ?? 0)
            } + [max(4, seedWidth)]
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { index, cell in
                cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        output.write(line(["key"] + axisNames))
        for task in spec.expand() {
            output.write(line([String(task.key.prefix(12))] + axisNames.map { task.parameters[$0]?.description ?? "" }))
        }
    }

    /// How many tasks' argv the table shows.
    static let shownCommands = 3

    /// The argv of the first tasks, and the parameters that reach the command only through its environment.
    private func writeCommand(
        _ command: CommandSpec, code: CodeBundle?, of spec: SweepSpec, to output: inout BufferedOutput
    ) {
        if let code {
            let bytes = code.files.reduce(0) { $0 + $1.contents.count }
            let files = "\(code.files.count) file" + (code.files.count == 1 ? "" : "s")
            output.write(
                "code: \(files), \(bytes) bytes, hash \(code.hash.prefix(16)) (workers run the command in their "
                    + "copy of it)\n")
        }
        output.write("command in \(command.workdir)")
        if let timeout = command.timeoutSeconds { output.write(", timeout \(JSONText.number(timeout)) s") }
        output.write(", argv of the first tasks:\n")
        for task in spec.expand().prefix(Self.shownCommands) {
            output.write("  " + Self.arguments(command, of: task).map(ShellQuoting.quote).joined(separator: " ") + "\n")
        }
        let unnamed = command.unnamedParameters(of: spec.parameterNames)
        if !unnamed.isEmpty {
            output.write(
                "not in argv (they reach the command as INFOSWEEP_PARAM_* and params.json): "
                    + unnamed.joined(separator: ", ") + "\n")
        }
    }

    /// A task's argv as the first attempt on a worker with the default work folder runs it.
    static func arguments(_ command: CommandSpec, of task: TaskSpec) -> [String] {
        command.arguments(
            in: CommandContext(
                parameters: task.parameters, taskDirectory: "infosweep-work/tasks/\(task.key)/1", taskKey: task.key,
                attempt: 1))
    }
}
