import CoordinatorClient
import Foundation
import SweepModel
import WireProtocol

extension TaskWorker {
    /// The open link, or a new one (shared by everyone who asks while it is being opened); nil when the worker
    /// gives up: it is stopping with nothing left to say, `deadline` has passed, or the coordinator refused it.
    func currentLink(until deadline: Double? = nil) async -> (any CoordinatorLink)? {
        if let link, !link.isClosed { return link }
        if let connecting { return await connecting.value }
        let attempt = Task { await connectWithBackoff(until: deadline) }
        connecting = attempt
        let opened = await attempt.value
        connecting = nil
        link = opened
        return opened
    }

    private func connectWithBackoff(until deadline: Double?) async -> (any CoordinatorLink)? {
        let hello = hello()
        if reconnect.since == nil { reconnect.since = clock.now() }
        while true {
            let giveUpAt = min(deadline ?? .infinity, reconnect.givingUpAt ?? .infinity)
            if fatal != nil || (stopRequested && reports.isEmpty && queue.isEmpty && running.isEmpty) { return nil }
            if reconnect.pauseFirst {
                reconnect.pauseFirst = false
                let pause = min(reconnect.backoff.next(), giveUpAt - clock.now())
                guard pause > 0 else { return giveUp() }
                try? await clock.sleep(for: pause)
            }
            do {
                let link = try await connector.connect(hello: hello)
                logger.info("connected", metadata: ["coordinator": "\(configuration.coordinator)"])
                reconnect.everConnected = true
                return link
            } catch let refusal as Refusal where refusal.code != .storeUnavailable {
                logger.error("coordinator refused this worker", metadata: ["reason": "\(refusal)"])
                fatal = refusal
                return nil
            } catch let tlsFailure as TLSFailure {
                logger.error("TLS with the coordinator failed", metadata: ["reason": "\(tlsFailure)"])
                fatal = tlsFailure
                return nil
            } catch {
                if let timeout = neverReached(after: error) {
                    logger.error("could not reach the coordinator", metadata: ["reason": "\(timeout)"])
                    fatal = timeout
                    return nil
                }
                let pause = min(reconnect.backoff.next(), giveUpAt - clock.now())
                guard pause > 0 else { return giveUp() }
                if reconnect.warningDue(at: clock.now()) {
                    logger.warning(
                        "cannot reach the coordinator, retrying",
                        metadata: [
                            "coordinator": "\(configuration.coordinator)", "reason": "\(error)",
                            "retry_in": "\(String(format: "%.1f", pause))s",
                        ])
                }
                try? await clock.sleep(for: pause)
            }
        }
    }

    /// The error that ends a worker that never got through within `connectTimeoutSeconds` (with
    /// `exitWhenIdle`, so that a batch job with a wrong address fails instead of ending "done" with nothing run).
    private func neverReached(after error: Error) -> ConnectionError? {
        guard configuration.exitWhenIdle, !reconnect.everConnected, let since = reconnect.since,
            clock.now() - since >= configuration.connectTimeoutSeconds
        else { return nil }
        return .neverReached(
            address: "\(configuration.coordinator)", seconds: configuration.connectTimeoutSeconds,
            lastError: "\(error)")
    }

    /// A stopping worker that cannot reach its coordinator in time says what it leaves behind.
    private func giveUp() -> (any CoordinatorLink)? {
        if stopRequested, !reports.isEmpty || !queue.isEmpty, !reconnect.saidGivingUp {
            reconnect.saidGivingUp = true
            logger.warning(
                """
                stopping without the coordinator: unreported results are dropped; their leases expire and the \
                tasks run again
                """,
                metadata: ["results": "\(reports.count)", "leases": "\(queue.count)"])
        }
        return nil
    }

    private func hello() -> Hello {
        Hello(
            token: configuration.token, role: .worker,
            worker: WorkerInfo(
                id: configuration.workerID, host: HostFacts.hostName, cpuModel: HostFacts.cpuModel,
                threads: configuration.cores, pid: Int(getpid()), version: InfosweepVersion.current,
                capacity: configuration.capacity, allowsCommands: configuration.allowsCommands,
                gpuIDs: configuration.gpuIDs, slurmJobID: configuration.slurmJobID))
    }

    /// Forgets `failed` after `error`, and closes it; the next request opens a new link.
    func drop(_ failed: any CoordinatorLink, because error: Error) {
        if link === failed {
            if !stopping { logger.warning("connection lost", metadata: ["error": "\(error)"]) }
            link = nil
            reconnect.pauseFirst = true
        }
        failed.close()
    }
}
