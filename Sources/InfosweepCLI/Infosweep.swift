import ArgumentParser
import SweepModel

/// The `infosweep` command: sweeps of contrastive-learning experiments over a cluster.
@main
struct Infosweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infosweep",
        abstract: "Distributed parameter sweeps for contrastive learning geometry.",
        version: InfosweepVersion.current,
        subcommands: [
            RunCommand.self, PlanCommand.self, SubmitCommand.self, StatusCommand.self, ExportCommand.self,
            PhaseCommand.self, BoundaryCommand.self, CoordinatorCommand.self, WorkerCommand.self, SolveCommand.self,
            PauseCommand.self, ResumeCommand.self, CancelCommand.self, RequeueCommand.self, WorkersCommand.self,
            BackupCommand.self, LogsCommand.self, AllocCommand.self, ExecutorCommand.self,
        ])
}
