#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The memory of one evaluation's buffers, kept between evaluations: each evaluation takes its buffers from
/// one block instead of mapping fresh pages (which the kernel must fault in and clear, about 5% of a step at
/// B=4096 d=128).
///
/// An evaluation calls `reset` first, then takes buffers, which stay valid until the next `reset`. What does not
/// fit in the block is allocated on its own and freed at the next `reset`, which grows the block to the
/// largest evaluation seen. `@unchecked Sendable`: its owner hands it to one evaluation at a time.
public final class Workspace: @unchecked Sendable {
    private var block: UnsafeMutableRawPointer?
    private var capacity = 0
    private var used = 0
    /// Bytes the evaluation since the last `reset` has taken.
    private var taken = 0
    private var spilled: [UnsafeMutableRawPointer] = []

    public init() {}

    deinit {
        release()
        free(block)
    }

    /// Starts an evaluation: buffers taken before are no longer valid.
    public func reset() {
        release()
        if taken > capacity {
            free(block)
            block = nil
            var raw: UnsafeMutableRawPointer?
            if posix_memalign(&raw, 64, taken) == 0 { block = raw }
            capacity = block == nil ? 0 : taken
        }
        used = 0
        taken = 0
    }

    /// `count` uninitialised floats, 64-byte aligned.
    public func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        take(4 * count).bindMemory(to: Float.self, capacity: count)
    }

    /// `count` uninitialised doubles, 64-byte aligned.
    public func doubles(_ count: Int) -> UnsafeMutablePointer<Double> {
        take(8 * count).bindMemory(to: Double.self, capacity: count)
    }

    private func take(_ bytes: Int) -> UnsafeMutableRawPointer {
        let size = max(64, (bytes + 63) & ~63)
        taken += size
        if let block, used + size <= capacity {
            defer { used += size }
            return block + used
        }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, size) == 0, let raw else { fatalError("cannot allocate \(size) bytes") }
        spilled.append(raw)
        return raw
    }

    private func release() {
        for pointer in spilled { free(pointer) }
        spilled.removeAll()
    }
}
