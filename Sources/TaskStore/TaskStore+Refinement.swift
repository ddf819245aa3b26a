import Foundation
import SweepModel

/// A sweep whose refinement goes on and whose tasks have all ended: its next round is due.
public struct RefinementDue: Sendable {
    public var sweep: String
    /// The sweep file's text as last submitted.
    public var source: String
    /// The experiment its tasks carry (for a command, the identity of its code).
    public var experiment: String
    /// Rounds added so far.
    public var round: Int
}

extension TaskStore {
    /// The active sweeps whose refinement goes on and whose tasks (of their current experiment) have all ended.
    public func refinementsDue() throws -> [RefinementDue] {
        guard schemaVersion >= Schema.refineVersion else { return [] }
        let statement = try connection.statement(
            """
            SELECT s.name, s.source, s.experiment, s.refine_round FROM sweeps s
            WHERE s.refine IS NOT NULL AND s.refine_end IS NULL AND s.state = 'active' AND NOT EXISTS (
                SELECT 1 FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id
                WHERE st.sweep_id = s.id AND t.experiment = s.experiment AND t.state IN ('pending', 'held', 'running'))
            ORDER BY s.id
            """)
        var due: [RefinementDue] = []
        while try statement.step() {
            due.append(
                RefinementDue(
                    sweep: statement.text(0), source: statement.text(1), experiment: statement.text(2),
                    round: Int(statement.int(3))))
        }
        return due
    }

    /// How many active sweeps have refinement rounds to come.
    public func refiningSweeps() throws -> Int {
        guard schemaVersion >= Schema.refineVersion else { return 0 }
        let statement = try connection.statement(
            "SELECT count(*) FROM sweeps WHERE refine IS NOT NULL AND refine_end IS NULL AND state = 'active'")
        defer { statement.bind() }
        _ = try statement.step()
        return Int(statement.int(0))
    }

    /// Adds a round's points to the sweep and records the round: whole points, in order, while the sweep stays
    /// within the block's `max_tasks`. The refinement ends when this was its last round, when no point was new
    /// to the sweep (converged), or when the limit left points out. Nil, with nothing changed, when the sweep's
    /// refinement is no longer at `round` (a round recorded meanwhile, or a block changed by a new submit).
    public func recordRefinement(
        sweep: String, round: Int, points: [[TaskSpec]], now: Double = Date().timeIntervalSince1970
    ) throws -> (added: Int, progress: RefinementProgress)? {
        let sweepID = try requireSweep(sweep)
        guard let (refine, state) = try refinement(ofSweep: sweepID, atRound: round) else { return nil }
        let inSweep = try connection.statement(
            """
            SELECT count(*) FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id WHERE st.sweep_id = ? AND t.key = ?
            """)
        let tasksNow = try connection.statement(
            """
            SELECT count(*) FROM sweep_tasks st JOIN tasks t ON t.id = st.task_id
            JOIN sweeps s ON s.id = st.sweep_id AND t.experiment = s.experiment WHERE st.sweep_id = ?
            """)
        _ = try tasksNow.bind(.integer(sweepID)).step()
        var room = (refine.maxTasks ?? .max) - Int(tasksNow.int(0))
        tasksNow.bind()
        var accepted: [TaskSpec] = []
        var limited = false
        for point in points {
            let fresh = try point.filter { task in
                _ = try inSweep.bind(.integer(sweepID), .text(task.key)).step()
                defer { inSweep.bind() }
                return inSweep.int(0) == 0
            }
            guard fresh.count <= room else {
                limited = true
                break
            }
            room -= fresh.count
            accepted += fresh
        }
        let added = try insert(accepted, intoSweep: sweepID, state: state, now: now).added
        var progress = RefinementProgress(round: round + (added > 0 ? 1 : 0), rounds: refine.rounds)
        if limited {
            progress.end = .taskLimit
        } else if added == 0 {
            progress.end = .converged
        } else if progress.round >= refine.rounds {
            progress.end = .rounds
        }
        try connection.statement("UPDATE sweeps SET refine_round = ?, refine_end = ?, updated_at = ? WHERE id = ?")
            .bind(.int(progress.round), progress.end.map { .text($0.description) }, .real(now), .integer(sweepID))
            .run()
        return (added, progress)
    }

    /// Ends the sweep's refinement at `round` (nothing changes when it has moved on since).
    public func endRefinement(
        sweep: String, round: Int, _ end: RefinementProgress.End, now: Double = Date().timeIntervalSince1970
    ) throws {
        let sweepID = try requireSweep(sweep)
        guard try refinement(ofSweep: sweepID, atRound: round) != nil else { return }
        try connection.statement("UPDATE sweeps SET refine_end = ?, updated_at = ? WHERE id = ?")
            .bind(.text(end.description), .real(now), .integer(sweepID)).run()
    }

    /// The sweep's refine block and state, when its refinement goes on at `round`.
    private func refinement(ofSweep sweepID: Int64, atRound round: Int) throws -> (RefineSpec, SweepState)? {
        let statement = try connection.statement(
            "SELECT refine, state FROM sweeps WHERE id = ? AND refine_round = ? AND refine_end IS NULL")
        guard try statement.bind(.integer(sweepID), .int(round)).step(), let text = statement.optionalText(0) else {
            statement.bind()
            return nil
        }
        let state = SweepState(rawValue: statement.text(1)) ?? .active
        statement.bind()
        return (try decoder.decode(RefineSpec.self, from: Data(text.utf8)), state)
    }

    /// Sets each report's refinement, for the sweeps with a `refine:` block.
    func readRefinement(into reports: inout [SweepProgress]) throws {
        guard schemaVersion >= Schema.refineVersion else { return }
        let statement = try connection.statement(
            "SELECT refine, refine_round, refine_end FROM sweeps WHERE name = ? AND refine IS NOT NULL")
        for index in reports.indices {
            defer { statement.bind() }
            guard try statement.bind(.text(reports[index].name)).step() else { continue }
            let refine = try decoder.decode(RefineSpec.self, from: Data(statement.text(0).utf8))
            reports[index].refinement = RefinementProgress(
                round: Int(statement.int(1)), rounds: refine.rounds,
                end: statement.optionalText(2).map(RefinementProgress.End.init(text:)))
        }
    }
}
