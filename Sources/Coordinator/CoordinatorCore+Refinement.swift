import ExperimentCatalog
import Logging
import Query
import SweepModel
import TaskStore

/// Whether a pass over the refinements that are due is running, whether another was asked for meanwhile, and
/// whether the last pass found no sweep refining (reports then ask for none until a submit or the reaper does).
struct RefinementPasses: Sendable {
    var running = false
    var again = false
    var noneRefining = false
}

extension CoordinatorCore {
    /// Adds the next round of every sweep whose refinement goes on and whose tasks have all ended (see
    /// `RefinementPlanner`), then wakes the claims waiting for work. Asked for after submits, on the reaper's
    /// cadence and, while some sweep refines, after every report (`afterReport`); asks made while a pass runs
    /// are folded into one more pass.
    public func refineFinishedRounds(afterReport: Bool = false) {
        if afterReport, refinementPasses.noneRefining { return }
        guard !refinementPasses.running else {
            refinementPasses.again = true
            return
        }
        refinementPasses.running = true
        Task { await self.runRefinementPasses() }
    }

    /// Waits until no refinement pass is running or asked for (for tests).
    public func refinementsSettled() async {
        while refinementPasses.running { try? await Task.sleep(for: .milliseconds(1)) }
    }

    private func runRefinementPasses() async {
        repeat {
            refinementPasses.again = false
            do {
                let (due, refining) = try await store.perform { (try $0.refinementsDue(), try $0.refiningSweeps()) }
                for sweep in due { try await refine(sweep) }
                if !due.isEmpty { wakeWaiters() }
                refinementPasses.noneRefining = refining == 0
            } catch {
                logger.error("refinement failed", metadata: ["error": "\(error)"])
            }
        } while refinementPasses.again
        refinementPasses.running = false
    }

    /// Plans and records one round. A sweep whose cells cannot be read or planned (no finished task, an
    /// unknown metric) ends its refinement with the reason; a store error is left for the next pass.
    private func refine(_ due: RefinementDue) async throws {
        let points: [[TaskSpec]]
        do {
            var spec = try SweepValidator.parse(due.source, file: "sweep \(due.sweep)", maxPoints: .max)
            spec.experiment = due.experiment
            guard let planner = try RefinementPlanner(spec: spec) else { return }
            points = try await planner.plan(sweep: due.sweep, from: LocalStoreSource(path: store.path))
        } catch let error as StoreError {
            throw error
        } catch {
            let now = clock.now()
            try await store.perform {
                try $0.endRefinement(sweep: due.sweep, round: due.round, .failed("\(error)"), now: now)
            }
            logger.warning("refinement stopped", metadata: ["sweep": "\(due.sweep)", "reason": "\(error)"])
            return
        }
        let now = clock.now()
        guard
            let (added, progress) = try await store.perform({
                try $0.recordRefinement(sweep: due.sweep, round: due.round, points: points, now: now)
            })
        else { return }
        logger.notice(
            "refinement round",
            metadata: [
                "sweep": "\(due.sweep)", "round": "\(progress.summary)", "added": "\(added)",
                "proposed": "\(points.count) points",
            ])
    }
}
