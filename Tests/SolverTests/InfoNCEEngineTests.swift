import ExperimentCatalog
import Foundation
import InfoNCEKernels
import InfoNCEKernelsAVX2
import InfoNCEKernelsAVX512
import InfoNCETiles
import Testing
@testable import Solvers

@Suite("InfoNCE engine")
struct InfoNCEEngineTests {
    static let cases: [(Critic, LossDirection)] = Critic.allCases.flatMap { critic in
        LossDirection.allCases.map { (critic, $0) }
    }

    static func options(
        _ critic: Critic, _ direction: LossDirection, rowBlock: Int = 128,
        columnBlock: Int = 1024
    ) -> InfoNCEOptions {
        InfoNCEOptions(
            critic: critic, tau: critic == .cosine ? 0.2 : 0.7, rbfScale: 3, direction: direction,
            rowBlock: rowBlock, columnBlock: columnBlock)
    }

    /// Every check runs each compiled copy of the kernels this CPU supports against one reference.
    @Test("gradient matches Float64 finite differences", arguments: 0..<4)
    func finiteDifferences(caseIndex: Int) {
        let (critic, direction) = Self.cases[caseIndex]
        let (batch, dim) = (9, 5)
        let options = Self.options(critic, direction)
        let z1 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 11)
        let z2 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 12)
        let (d1, d2) = (z1.map(Double.init), z2.map(Double.init))
        let reference = ReferenceInfoNCE.loss(d1, d2, batch: batch, dim: dim, options: options)
        let (numeric1, numeric2) = ReferenceInfoNCE.numericGradient(d1, d2, batch: batch, dim: dim, options: options)
        for instructionSet in InstructionSet.supported {
            let engine = InfoNCEEngine(options: options, instructionSet: instructionSet)
            let (loss, grad1, grad2) = engine.evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
            #expect(abs(loss.loss - reference) < 1e-5 * max(1, abs(reference)), "\(instructionSet)")
            #expect(relativeError(grad1.map(Double.init), numeric1) < 1e-4, "\(instructionSet)")
            #expect(relativeError(grad2.map(Double.init), numeric2) < 1e-4, "\(instructionSet)")
            if direction == .oneWay { #expect(loss.columnLoss == 0) }
        }
    }

    /// dims 1 and 4 take the fused small-dim sweep (cosine) or the vector tile loop and tile products (RBF; at
    /// dim 1 both of A's strides are 1); dim 12 takes the tile products throughout.
    @Test(
        "many small tiles with ragged edges on three threads agree with the reference",
        arguments: 0..<4, [1, 4, 12])
    func raggedTiles(caseIndex: Int, dim: Int) {
        let (critic, direction) = Self.cases[caseIndex]
        let batch = 37
        let options = Self.options(critic, direction, rowBlock: 6, columnBlock: 13)
        let z1 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 21)
        let z2 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 22)
        let (d1, d2) = (z1.map(Double.init), z2.map(Double.init))
        let reference = ReferenceInfoNCE.loss(d1, d2, batch: batch, dim: dim, options: options)
        let (numeric1, numeric2) = ReferenceInfoNCE.numericGradient(d1, d2, batch: batch, dim: dim, options: options)
        for instructionSet in InstructionSet.supported {
            let (loss, grad1, grad2) = InfoNCEEngine(options: options, threads: 3, instructionSet: instructionSet)
                .evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
            #expect(abs(loss.loss - reference) < 1e-5 * max(1, abs(reference)), "\(instructionSet)")
            #expect(relativeError(grad1.map(Double.init), numeric1) < 1e-4, "\(instructionSet)")
            #expect(relativeError(grad2.map(Double.init), numeric2) < 1e-4, "\(instructionSet)")
        }
    }

    /// dim 3 forms tiles with vector loops, dim 12 with sgemm; at this temperature both take the running-maximum
    /// path, whose tiles of many ragged blocks must agree with one tile holding the whole matrix.
    @Test(
        "a sharp temperature far from the logits' scale stays finite and exact",
        arguments: InstructionSet.supported, [3, 12])
    func sharpTemperature(instructionSet: InstructionSet, dim: Int) {
        let batch = 40
        func run(rowBlock: Int, columnBlock: Int) -> (InfoNCELoss, [Float], [Float]) {
            let options = InfoNCEOptions(
                critic: .cosine, tau: 0.005, direction: .symmetric, rowBlock: rowBlock, columnBlock: columnBlock)
            let z1 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 5)
            let z2 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 6)
            return InfoNCEEngine(options: options, threads: 2, instructionSet: instructionSet)
                .evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
        }
        let (loss, grad1, grad2) = run(rowBlock: 16, columnBlock: 24)
        let z1 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 5)
        let z2 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 6)
        let reference = ReferenceInfoNCE.loss(
            z1.map(Double.init), z2.map(Double.init), batch: batch, dim: dim,
            options: InfoNCEOptions(critic: .cosine, tau: 0.005, direction: .symmetric))
        #expect(abs(loss.loss - reference) < 1e-5 * abs(reference))
        #expect(grad1.count == batch * dim && grad2.count == batch * dim)
        #expect(grad1.allSatisfy { $0.isFinite } && grad2.allSatisfy { $0.isFinite })
        let (_, whole1, whole2) = run(rowBlock: batch, columnBlock: batch)
        #expect(relativeError(grad1.map(Double.init), whole1.map(Double.init)) < 1e-5)
        #expect(relativeError(grad2.map(Double.init), whole2.map(Double.init)) < 1e-5)
    }

    /// dim 3 takes the fused small-dim passes, dim 16 and 128 the tile products (whole register blocks at 128).
    @Test("one thread count and instruction set are bit-identical; others agree to 1e-5", arguments: [3, 16, 128])
    func determinism(dim: Int) {
        let batch = 300
        let options = InfoNCEOptions(critic: .cosine, tau: 0.1, rowBlock: 32, columnBlock: 64)
        let z1 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 31)
        let z2 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 32)
        for instructionSet in InstructionSet.supported {
            let engine = { (threads: Int) in
                InfoNCEEngine(options: options, threads: threads, instructionSet: instructionSet)
            }
            let first = engine(2).evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
            let second = engine(2).evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
            #expect(first.grad1.count == batch * dim && first.grad2.count == batch * dim)
            #expect(first.loss == second.loss)
            #expect(first.grad1 == second.grad1)
            #expect(first.grad2 == second.grad2)
            let portable = InfoNCEEngine(options: options, threads: 2, instructionSet: .portable)
                .evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
            for other in [engine(1), engine(3)].map({ $0.evaluate(z1: z1, z2: z2, batch: batch, dim: dim) })
                + [portable]
            {
                #expect(abs(other.loss.loss - first.loss.loss) <= 1e-5 * abs(first.loss.loss))
                #expect(relativeError(other.grad1.map(Double.init), first.grad1.map(Double.init)) < 1e-5)
                #expect(relativeError(other.grad2.map(Double.init), first.grad2.map(Double.init)) < 1e-5)
            }
        }
    }

    /// The sgemm path with ragged tiles: the fixed shift (cosine), the running maxima (a sharp temperature) and
    /// offsets (RBF), kept within the budget and formed again without it.
    @Test(
        "tiles kept within the memory budget give bit-identical results to tiles formed again",
        arguments: 0..<3, [1, 3])
    func keptTiles(caseIndex: Int, threads: Int) {
        let (critic, tau) = [(Critic.cosine, 0.2), (.cosine, 0.005), (.rbf, 0.7)][caseIndex]
        let (batch, dim) = (70, 12)
        let z1 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 41)
        let z2 = ReferenceInfoNCE.randomBatch(batch: batch, dim: dim, seed: 42)
        for instructionSet in InstructionSet.supported {
            func run(budget: Double) -> (InfoNCELoss, [Float], [Float], Int) {
                let options = InfoNCEOptions(
                    critic: critic, tau: tau, rbfScale: 3, rowBlock: 16, columnBlock: 20, memoryBudgetMiB: budget)
                let engine = InfoNCEEngine(options: options, threads: threads, instructionSet: instructionSet)
                // Twice, so that the second evaluation reuses the engine's buffer.
                _ = engine.evaluate(z1: z2, z2: z1, batch: batch, dim: dim)
                let (loss, grad1, grad2) = engine.evaluate(z1: z1, z2: z2, batch: batch, dim: dim)
                return (loss, grad1, grad2, engine.keptTileBytes(batch: batch, dim: dim))
            }
            let kept = run(budget: 1)
            let formed = run(budget: 0)
            #expect(kept.3 > 0 && formed.3 == 0)
            #expect(kept.0 == formed.0, "\(instructionSet)")
            #expect(kept.1 == formed.1, "\(instructionSet)")
            #expect(kept.2 == formed.2, "\(instructionSet)")
        }
    }

    @Test("the memory budget is at most a quarter of the task's memory, and tiles are kept only within it")
    func memoryBudget() {
        #expect(InfoNCEOptions.memoryBudget(requested: 512, grantedMiB: nil) == 512)
        #expect(InfoNCEOptions.memoryBudget(requested: 512, grantedMiB: 1024) == 256)
        #expect(InfoNCEOptions.memoryBudget(requested: 100, grantedMiB: 4096) == 100)
        let engine = InfoNCEEngine(options: InfoNCEOptions(), threads: 2)
        #expect(engine.keptTileBytes(batch: 8192, dim: 128) == 256 << 20)
        #expect(engine.keptTileBytes(batch: 16384, dim: 128) == 0)
        #expect(engine.keptTileBytes(batch: 8192, dim: 3) == 0)
        #expect(engine.keptTileBytes(batch: 256, dim: 128) == 0)
        // The memory model that checks tasks before they run counts the same bytes.
        for (batch, dim, threads, rows, columns) in [
            (8192, 128, 2, 512, 256), (1000, 64, 32, 512, 100), (70, 12, 3, 16, 20),
        ] {
            let floats = TileSweep.keptFloats(
                batch: batch, dim: dim, workers: threads, rowBlock: rows, columnBlock: columns)
            let modelled = EngineMemory.keptTileBytes(
                batch: Double(batch), dim: Double(dim), threads: threads, rowBlock: Double(rows),
                columnBlock: Double(columns), budgetMiB: 1e9)
            #expect(modelled == Double(4 * floats), "\(batch) \(dim) \(threads)")
        }
    }

    @Test("row blocks shrink so that each of several workers gets two, never below 64 rows")
    func rowBlocksShareTheBatch() {
        let batch = 8192
        let embeddings = UnsafeMutablePointer<Float>.allocate(capacity: batch)
        embeddings.initialize(repeating: 1, count: batch)
        defer { embeddings.deallocate() }
        func rowBlock(workers: Int, requested: Int) -> Int {
            let sweep = TileSweep(
                batch: batch, dim: 1, workers: workers, rowBlock: requested, columnBlock: 256, symmetric: true,
                alpha: 1, u: embeddings, v: embeddings, rowOffset: nil, columnOffset: nil, fixedShift: 1)
            defer { sweep.deallocate() }
            return sweep.rowBlock
        }
        #expect(rowBlock(workers: 1, requested: 512) == 512)
        #expect(rowBlock(workers: 2, requested: 512) == 512)
        #expect(rowBlock(workers: 32, requested: 512) == 128)
        #expect(rowBlock(workers: 1000, requested: 512) == 64)
        #expect(rowBlock(workers: 32, requested: 100_000) == 8192)
    }

    @Test("the vector exponential is accurate to 1e-6 relative", arguments: InstructionSet.supported)
    func vectorExp(instructionSet: InstructionSet) {
        func exp(_ x: Float) -> Float {
            switch instructionSet {
            case .portable: InfoNCEKernels.VectorExp.exp(x)
            case .avx2: InfoNCEKernelsAVX2.VectorExp.exp(x)
            case .avx512: InfoNCEKernelsAVX512.VectorExp.exp(x)
            }
        }
        var worst = 0.0
        for step in 0...4000 {
            let x = -80 + Double(step) * 0.04
            let value = Double(exp(Float(x)))
            worst = max(worst, abs(value - Foundation.exp(Double(Float(x)))) / Foundation.exp(Double(Float(x))))
        }
        #expect(worst < 1e-6)
    }

    /// The compiled copies of the kernels must not share code: a generic specialisation or value witness
    /// emitted by two of them would be merged by the linker, and the AVX2 or AVX-512 copy could then run on a
    /// CPU without those instructions.
    @Test(
        "the AVX2 and AVX-512 kernels define no code the linker could merge with the portable copy",
        arguments: ["InfoNCEKernelsAVX2", "InfoNCEKernelsAVX512"])
    func kernelSymbolsStayApart(module: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let objects = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("\(module).build")
        let check = Process()
        check.executableURL = root.appendingPathComponent("scripts/check-kernel-symbols.sh")
        check.arguments = [objects.path]
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "\(text)")
    }
}

@Suite("compute pool")
struct ComputePoolTests {
    @Test("every index runs once per job, and concurrent callers of one pool do not interfere")
    func concurrentCallers() async {
        let pool = ComputePool(threads: 3)
        let results = await withTaskGroup(of: [Int].self) { group in
            for caller in 0..<4 {
                group.addTask {
                    // A dedicated thread per caller keeps the blocking `run` off the cooperative pool.
                    await withCheckedContinuation { continuation in
                        Thread {
                            var sums = [Int](repeating: 0, count: 3)
                            for round in 0..<50 {
                                sums.withUnsafeMutableBufferPointer { buffer in
                                    let base = buffer.baseAddress!
                                    pool.run { index in base[index] += index + caller + round }
                                }
                            }
                            continuation.resume(returning: sums)
                        }.start()
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 4)
        for sums in results {
            let caller = (sums[0] - 1225) / 50
            #expect(sums == (0..<3).map { 50 * ($0 + caller) + 1225 })
        }
    }
}
