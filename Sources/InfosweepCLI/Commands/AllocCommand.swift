import ArgumentParser

/// `infosweep alloc`: batch jobs that run workers, submitted while sweeps have work for them.
struct AllocCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alloc", abstract: "Submit batch jobs that run workers while sweeps have work for them.",
        subcommands: [AllocSlurmCommand.self])
}
