import ExperimentCatalog
import SweepModel
import TaskStore
import WireProtocol

extension CoordinatorCore {
    /// Checks a sweep file as completely as the CLI does (the coordinator trusts no client), then stores its
    /// new points; the points it shares with stored tasks add nothing, and a refused file stores nothing.
    func submit(_ submit: SubmitRequest) async throws -> SubmitOutcome {
        var spec: SweepSpec
        do {
            spec = try SweepValidator.parse(
                submit.text, file: submit.file, maxPoints: configuration.maxSweepPoints)
        } catch {
            throw Refusal(code: .badRequest, message: "\(error)")
        }
        spec.command?.directory = submit.directory
        if let command = spec.command {
            guard command.code.isEmpty == (submit.codeHash == nil) else {
                throw Refusal(
                    code: .badRequest,
                    message: command.code.isEmpty
                        ? "a code hash came with a command that names no code:"
                        : "the command names code: but no bundle hash came with it; submit with infosweep submit, "
                            + "which packs and uploads the code first")
            }
            spec.setCodeHash(submit.codeHash)
        }
        let submitted = spec
        let now = clock.now()
        let outcome = try await store.perform { try $0.submit(submitted, source: submit.text, now: now) }
        logger.info(
            "sweep submitted",
            metadata: ["sweep": "\(outcome.sweep)", "added": "\(outcome.added)", "existing": "\(outcome.existing)"])
        if outcome.added > 0 { wakeWaiters() }
        refineFinishedRounds()
        return outcome
    }

    /// Task counts, throughput and ETA of one sweep or all.
    func status(_ status: StatusRequest) async throws -> StatusReply {
        let now = clock.now()
        let sweeps = try await store.perform { try $0.progress(sweep: status.sweep, now: now) }
        return StatusReply(sweeps: withWaitingReasons(sweeps))
    }

    /// `sweeps` with what their pending tasks wait for, where no connected worker can hold them.
    public func withWaitingReasons(_ sweeps: [SweepProgress]) -> [SweepProgress] {
        sweeps.map { sweep in
            var sweep = sweep
            if sweep.pending > 0 && sweep.state == .active { sweep.waiting = registry.waitingReason(for: sweep) }
            return sweep
        }
    }

    /// The unfinished tasks of the named sweeps (every active sweep when none is named), by what they need.
    func demand(_ request: DemandRequest) async throws -> WorkDemand {
        try await store.perform { try $0.demand(sweeps: request.sweeps) }
    }

    /// One page of a sweep's tasks with their results, at most 5000.
    func export(_ export: ExportRequest) async throws -> ExportPage {
        let limit = min(max(1, export.limit), 5000)
        let (records, axes) = try await store.perform { store in
            (
                try store.tasks(ofSweep: export.sweep, afterID: export.afterTaskID, limit: limit),
                try store.axes(ofSweep: export.sweep)
            )
        }
        let next = records.count == limit ? records.last?.taskID : nil
        return ExportPage(records: records, nextAfterTaskID: next, axes: axes)
    }

    /// One page of a sweep's attempts with their output tails, at most 50 (each may carry 128 KiB of tails,
    /// and a page must fit a frame).
    func logs(_ request: LogsRequest) async throws -> LogsPage {
        let limit = min(max(1, request.limit), 50)
        let entries = try await store.perform { store in
            try store.attemptLogs(
                sweep: request.sweep, keyPrefix: request.keyPrefix, state: request.state, attempt: request.attempt,
                after: (request.afterTaskID, request.afterAttemptID), limit: limit)
        }
        return LogsPage(entries: entries, more: entries.count == limit)
    }

    /// Pauses, resumes, cancels or re-queues a sweep's tasks; workers hear of cancelled leases at their next
    /// heartbeat.
    func control(_ control: ControlRequest) async throws -> ControlReply {
        let now = clock.now()
        let changed = try await store.perform { store in
            switch control.action {
            case .pause: try store.pause(sweep: control.sweep, stopRunning: control.stopRunning, now: now)
            case .resume: try store.resume(sweep: control.sweep, now: now)
            case .cancel: try store.cancel(sweep: control.sweep, now: now)
            case .requeue: try store.requeue(sweep: control.sweep, states: Set(control.states), now: now)
            }
        }
        logger.notice(
            "sweep \(control.action.rawValue)", metadata: ["sweep": "\(control.sweep)", "tasks": "\(changed)"])
        wakeWaiters()
        return ControlReply(sweep: control.sweep, action: control.action, changed: changed)
    }
}
