import SweepModel

extension TaskStore {
    /// The pending, running and held tasks of the named sweeps (of every active sweep when `sweeps` is empty),
    /// grouped by their requirements and whether they are commands; a task shared by several counts once.
    /// Like every aggregate here, it counts the tasks of each sweep's current experiment.
    public func demand(sweeps: [String]) throws -> WorkDemand {
        let filter =
            sweeps.isEmpty
            ? "s.state = 'active'"
            : "s.id IN (\(try sweeps.map { String(try requireSweep($0)) }.joined(separator: ", ")))"
        let statement = try connection.statement(
            """
            SELECT t.min_cores, t.min_memory_mb, t.min_gpus, t.experiment LIKE '\(CommandSpec.experimentPrefix)%',
                t.state, count(*)
            FROM tasks t
            WHERE t.state IN ('pending', 'running', 'held') AND EXISTS (
                SELECT 1 FROM sweep_tasks st JOIN sweeps s ON s.id = st.sweep_id
                WHERE st.task_id = t.id AND s.experiment = t.experiment AND \(filter))
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4
            """)
        var demand = WorkDemand()
        while try statement.step() {
            let requirements = Requirements(
                cores: Int(statement.int(0)), memoryMB: Int(statement.int(1)), gpus: Int(statement.int(2)))
            let isCommand = statement.int(3) != 0
            let count = Int(statement.int(5))
            let state = statement.text(4)
            if state == TaskState.held.rawValue {
                demand.held += count
                continue
            }
            if demand.groups.last?.requirements != requirements || demand.groups.last?.isCommand != isCommand {
                demand.groups.append(WorkDemand.Group(requirements: requirements, isCommand: isCommand))
            }
            if state == TaskState.pending.rawValue {
                demand.groups[demand.groups.count - 1].pending += count
            } else {
                demand.groups[demand.groups.count - 1].running += count
            }
        }
        return demand
    }
}
