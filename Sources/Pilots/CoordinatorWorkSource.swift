import CoordinatorClient
import SweepModel
import WireProtocol

/// The coordinator as the allocator's work source: one client connection, opened again after it broke.
public actor CoordinatorWorkSource: WorkSource {
    private let address: String
    private let connect: @Sendable () async throws -> CoordinatorConnection
    private var connection: CoordinatorConnection?

    /// `address` names the coordinator in messages; `connect` opens a connection to it (says hello as a client).
    public init(address: String, connect: @escaping @Sendable () async throws -> CoordinatorConnection) {
        self.address = address
        self.connect = connect
    }

    public func demand(sweeps: [String]) async throws(PilotError) -> WorkDemand {
        guard case .demand(let demand) = try await send(.demand(DemandRequest(sweeps: sweeps))) else {
            throw .coordinatorRefused(address: address, message: "it did not answer a demand request with one")
        }
        return demand
    }

    public func report(_ report: PilotReport) async throws(PilotError) {
        _ = try await send(.pilots(report))
    }

    public func close() {
        connection?.close()
        connection = nil
    }

    private func send(_ request: Request) async throws(PilotError) -> Response {
        do {
            let open: CoordinatorConnection
            if let connection, !connection.isClosed {
                open = connection
            } else {
                open = try await connect()
                connection = open
            }
            return try await open.send(request)
        } catch let refusal as Refusal {
            throw .coordinatorRefused(address: address, message: refusal.message)
        } catch {
            connection?.close()
            connection = nil
            throw .coordinatorUnreachable(address: address, reason: "\(error)")
        }
    }
}
