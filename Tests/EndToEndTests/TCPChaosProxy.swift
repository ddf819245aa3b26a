import SweepModel
import Foundation
import Synchronization

/// A TCP proxy on loopback that forwards to a coordinator and cuts live connections at random (seeded),
/// so that tests see what workers do when the network drops them mid-request.
final class TCPChaosProxy: Sendable {
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let live = Mutex<[(Int32, Int32)]>([])
    private let stopped = Atomic<Bool>(false)
    let cuts = Atomic<Int>(0)

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 128) == 0 else { throw HarnessError("proxy cannot listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// Cuts a random live connection every `interval` seconds for `duration` seconds.
    func cutAtRandom(every interval: Double, for duration: Double, seed: UInt64) {
        Thread { [self] in
            var generator = SplitMix64(seed: seed)
            let end = Date().addingTimeInterval(duration)
            while Date() < end && !stopped.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: interval)
                let victim = live.withLock { pairs -> (Int32, Int32)? in
                    guard !pairs.isEmpty else { return nil }
                    return pairs.remove(at: Int.random(in: 0..<pairs.count, using: &generator))
                }
                if let (client, server) = victim {
                    shutdown(client, Int32(SHUT_RDWR))
                    shutdown(server, Int32(SHUT_RDWR))
                    cuts.add(1, ordering: .relaxed)
                }
            }
        }.start()
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        live.withLock { pairs in
            for (client, server) in pairs {
                shutdown(client, Int32(SHUT_RDWR))
                shutdown(server, Int32(SHUT_RDWR))
            }
        }
    }

    private func acceptLoop() {
        while !stopped.load(ordering: .relaxed) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            live.withLock { $0.append((client, server)) }
            let closing = PairClosing(client: client, server: server)
            for (source, destination) in [(client, server), (server, client)] {
                Thread { [self] in
                    pump(from: source, to: destination)
                    closing.pumpEnded()
                }.start()
            }
        }
    }

    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(source, &buffer, buffer.count, 0)
            if count <= 0 { break }
            var sent = 0
            while sent < count {
                let written = buffer.withUnsafeBytes {
                    send(destination, $0.baseAddress! + sent, count - sent, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { break }
                sent += written
            }
            if sent < count { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
        live.withLock { pairs in pairs.removeAll { $0.0 == source || $0.1 == source } }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Closes a proxied pair's sockets once both of its pumps have ended, so that no descriptor is reused while
/// the other pump still holds it.
private final class PairClosing: Sendable {
    private let client: Int32
    private let server: Int32
    private let ended = Atomic<Int>(0)

    init(client: Int32, server: Int32) {
        self.client = client
        self.server = server
    }

    func pumpEnded() {
        guard ended.add(1, ordering: .acquiringAndReleasing).newValue == 2 else { return }
        close(client)
        close(server)
    }
}
