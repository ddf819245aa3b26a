import ArgumentParser
import Query
import SweepModel

/// `infosweep plan FILE`: the tasks a sweep file expands to, without writing anything.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show the tasks a sweep file expands to, without writing anything.")

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let (spec, _) = try SpecLoader.load(file)
        let tasks = spec.expand()
        if json {
            let items = tasks.map { "{\"key\":\"\($0.key)\",\"params\":\($0.parameters.canonicalJSON)}" }
            Output.line(
                "{\"sweep\":\(JSONText.quote(spec.name)),\"experiment\":\(JSONText.quote(spec.experiment)),"
                    + "\"count\":\(tasks.count),\"tasks\":[" + items.joined(separator: ",") + "]}")
            return
        }
        let axisNames = spec.axes.map(\.name) + ["seed"]
        Output.line("sweep \(spec.name): \(tasks.count) tasks of experiment \(spec.experiment)")
        if !spec.fixed.names.isEmpty {
            Output.line("fixed: " + spec.fixed.map { "\($0.name)=\($0.value)" }.joined(separator: " "))
        }
        let rows = tasks.map { task in
            [task.key.prefix(12).description] + axisNames.map { task.parameters[$0]?.description ?? "" }
        }
        Output.line(TextTable.render(header: ["key"] + axisNames, rows: rows))
    }
}
