import SweepModel
import WireProtocol

extension TaskWorker {
    /// Sends the buffered results, then the failures, in requests that fit a frame; each report leaves the
    /// buffer only once acknowledged.
    func flushReports(on link: any CoordinatorLink) async {
        do {
            for results in ReportBuffer.requests(reports.results) {
                guard case .reportAck(let ack) = try await link.send(.complete(.init(results: results))) else {
                    continue
                }
                reconnect.answered()
                for entry in ack.entries {
                    if entry.accepted { tally.accepted += 1 } else { tally.rejected += 1 }
                }
                reports.settle(Set(ack.entries.map(\.lease)), at: clock.now())
            }
            for failures in ReportBuffer.requests(reports.failures) {
                guard case .reportAck(let ack) = try await link.send(.fail(.init(failures: failures))) else {
                    continue
                }
                tally.failed += ack.entries.count
                reports.settle(Set(ack.entries.map(\.lease)), at: clock.now())
            }
            let releases = reports.releases
            if !releases.isEmpty, case .reportAck(let ack) = try await link.send(.release(.init(leases: releases))) {
                tally.released += ack.entries.count
                reports.settle(Set(ack.entries.map(\.lease)), at: clock.now())
            }
        } catch {
            drop(link, because: error)
        }
    }

    /// After the last task: reports what is unacknowledged and gives back unstarted leases, for at most half
    /// the stop grace (at least a second), then closes the link.
    func finish() async {
        let deadline = clock.now() + max(1, configuration.stopGraceSeconds / 2)
        while (!reports.isEmpty || !queue.isEmpty) && clock.now() < deadline {
            guard let link = await currentLink(until: deadline) else { break }
            if !reports.isEmpty { await flushReports(on: link) }
            if !queue.isEmpty {
                let leases = queue.map(\.lease)
                if (try? await link.send(.release(.init(leases: leases)))) != nil {
                    tally.released += leases.count
                    queue.removeAll()
                }
            }
        }
        link?.close()
    }
}
