/// The batch system that runs pilot jobs: Slurm's commands, or a stand-in (a dry run, the tests).
public protocol PilotScheduler: Sendable {
    /// Submits one pilot job; returns its id.
    func submit(_ job: PilotJobTemplate) async throws(PilotError) -> String
    /// The jobs of `user` named `name` still in the queue (queued, running or ending).
    func jobs(named name: String, user: String) async throws(PilotError) -> [SlurmJob]
    /// Cancels these jobs.
    func cancel(_ ids: [String]) async throws(PilotError)
}
