import COpenBLAS
import Foundation
import InfoNCEKernels
import InfoNCEKernelsAVX2
import InfoNCEKernelsAVX512
import InfoNCETiles
import Synchronization

/// A tiled, multi-threaded InfoNCE loss and gradient for batches of B paired embeddings in d dimensions.
///
/// Each worker forms tiles of `rowBlock x columnBlock` logits with a tile product and streams row and column
/// log-sum-exps (Float64 accumulators); the gradient pass then multiplies the softmax gradient of each tile
/// back onto the embeddings. When all tiles fit in `options.memoryBudgetMiB`, the first pass keeps them (in
/// Float32, exactly what the gradient pass would form again) in a buffer the engine holds between
/// evaluations; otherwise the gradient pass forms every tile again and memory grows as B*d only. Results
/// are bit-identical either way, and for a given thread count and instruction set.
public final class InfoNCEEngine: Sendable {
    public let options: InfoNCEOptions
    public let pool: ComputePool
    /// Which compiled copy of the kernels runs.
    public let instructionSet: InstructionSet
    /// The kept-tile buffer between evaluations (taken by one evaluation at a time).
    private let keptStore = Mutex<KeptTiles?>(nil)
    /// The other buffers of an evaluation, between evaluations (taken by one evaluation at a time).
    private let workspaces = Mutex<Workspace?>(nil)

    public init(options: InfoNCEOptions, threads: Int = 1, instructionSet: InstructionSet = .preferred) {
        self.options = options
        self.instructionSet = instructionSet
        pool = ComputePool(threads: threads)
        openblas_set_num_threads(1)
    }

    deinit {
        keptStore.withLock { $0?.deallocate() }
    }

    /// The bytes of kept tiles an evaluation of this size holds, 0 when it forms its tiles again.
    public func keptTileBytes(batch: Int, dim: Int) -> Int {
        let floats = TileSweep.keptFloats(
            batch: batch, dim: dim, workers: pool.threadCount, rowBlock: options.rowBlock,
            columnBlock: options.columnBlock)
        return Double(4 * floats) <= options.memoryBudgetMiB * 1_048_576 ? 4 * floats : 0
    }

    /// The loss of the pairs (z1_i, z2_i), with its gradients when `grad1`/`grad2` are given.
    ///
    /// All buffers are row-major B x d. Gradient buffers are overwritten.
    public func evaluate(
        z1: UnsafePointer<Float>, z2: UnsafePointer<Float>, batch: Int, dim: Int,
        grad1: UnsafeMutablePointer<Float>? = nil,
        grad2: UnsafeMutablePointer<Float>? = nil
    ) -> InfoNCELoss {
        precondition(batch > 0 && dim > 0, "empty batch")
        let kernel =
            switch instructionSet {
            case .portable: InfoNCEKernels.InfoNCEKernel.evaluate
            case .avx2: InfoNCEKernelsAVX2.InfoNCEKernel.evaluate
            case .avx512: InfoNCEKernelsAVX512.InfoNCEKernel.evaluate
            }
        let keptBytes = grad1 != nil || grad2 != nil ? keptTileBytes(batch: batch, dim: dim) : 0
        let kept = keptBytes > 0 ? takeKeptTiles(floats: keptBytes / 4) : nil
        defer { if let kept { returnKeptTiles(kept) } }
        let workspace = workspaces.withLock { $0.take() } ?? Workspace()
        defer { workspaces.withLock { if $0 == nil { $0 = workspace } } }
        let result = kernel(
            z1, z2, batch, dim, grad1, grad2, options.tau, options.critic == .rbf ? options.rbfScale : nil,
            options.direction == .symmetric, options.rowBlock, options.columnBlock, kept?.pointer, workspace,
            pool.threadCount, pool.run)
        return InfoNCELoss(loss: result.loss, rowLoss: result.rowLoss, columnLoss: result.columnLoss)
    }

    /// The held buffer when it is large enough, else a new one (an evaluation running at the same time on
    /// another thread gets its own).
    private func takeKeptTiles(floats: Int) -> KeptTiles {
        let held = keptStore.withLock { store in
            let taken = store
            store = nil
            return taken
        }
        if let held, held.capacity >= floats { return held }
        held?.deallocate()
        return KeptTiles(capacity: floats)
    }

    private func returnKeptTiles(_ tiles: KeptTiles) {
        let surplus = keptStore.withLock { store in
            guard store == nil else { return Optional(tiles) }
            store = tiles
            return nil
        }
        surplus?.deallocate()
    }

    /// Convenience form on arrays; returns empty gradients when `gradient` is false.
    public func evaluate(
        z1: [Float], z2: [Float], batch: Int, dim: Int,
        gradient: Bool = true
    ) -> (loss: InfoNCELoss, grad1: [Float], grad2: [Float]) {
        precondition(z1.count == batch * dim && z2.count == batch * dim, "shape mismatch")
        guard gradient else {
            return (evaluate(z1: z1, z2: z2, batch: batch, dim: dim, grad1: nil, grad2: nil), [], [])
        }
        var grad1 = [Float](repeating: 0, count: batch * dim)
        var grad2 = [Float](repeating: 0, count: batch * dim)
        let loss = grad1.withUnsafeMutableBufferPointer { g1 in
            grad2.withUnsafeMutableBufferPointer { g2 in
                evaluate(z1: z1, z2: z2, batch: batch, dim: dim, grad1: g1.baseAddress, grad2: g2.baseAddress)
            }
        }
        return (loss, grad1, grad2)
    }
}

/// A buffer of kept tiles: 2 MiB-aligned and advised to use huge pages, since the passes stream through it.
///
/// `@unchecked Sendable`: the engine hands it to one evaluation at a time (through its mutex).
private struct KeptTiles: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        let bytes = 4 * capacity
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 1 << 21, bytes) == 0, let raw else { fatalError("cannot allocate \(bytes) bytes") }
        #if os(Linux)
            _ = madvise(raw, bytes, MADV_HUGEPAGE)
        #endif
        pointer = raw.bindMemory(to: Float.self, capacity: capacity)
    }

    func deallocate() { free(pointer) }
}
