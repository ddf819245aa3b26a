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
        var backoff = ReconnectBackoff()
        let hello = hello()
        while true {
            if fatal != nil || (stopRequested && reports.isEmpty && queue.isEmpty && running == nil) { return nil }
            do {
                let link = try await connector.connect(hello: hello)
                logger.info("connected", metadata: ["coordinator": "\(configuration.coordinator)"])
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
                let pause = min(backoff.next(), (deadline ?? .infinity) - clock.now())
                guard pause > 0 else { return nil }
                logger.info(
                    "cannot reach coordinator, retrying",
                    metadata: [
                        "coordinator": "\(configuration.coordinator)", "error": "\(error)", "retry_in": "\(pause)s",
                    ])
                try? await clock.sleep(for: pause)
            }
        }
    }

    private func hello() -> Hello {
        Hello(
            token: configuration.token, role: .worker,
            worker: WorkerInfo(
                id: configuration.workerID, host: HostFacts.hostName, cpuModel: HostFacts.cpuModel,
                threads: configuration.threads, pid: Int(getpid()), version: InfosweepVersion.current,
                capacity: Requirements(cores: configuration.threads, memoryMB: configuration.memoryMB)))
    }

    /// Forgets `failed` after `error`, and closes it; the next request opens a new link.
    func drop(_ failed: any CoordinatorLink, because error: Error) {
        if link === failed {
            if !stopping { logger.warning("connection lost", metadata: ["error": "\(error)"]) }
            link = nil
        }
        failed.close()
    }
}
