import COpenBLAS
import Foundation
import Solvers
import SweepModel

// infonce-bench: runs the engine's `infonce_step` experiment at the given shapes, the machine's sgemm peak
// and the peak of the tile product the engine's kernels use, printing one JSON object per line. Usage:
//   infonce-bench [--threads N] [--sgemm] [--shape B,d[,critic]]... [--experiment NAME key=value...]

var threads = 2
var shapes: [(Int, Int, String)] = []
var measureSgemm = false
var experimentName: String?
var settings: [String: ParamValue] = [:]
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--threads": threads = Int(arguments.removeFirst()) ?? 2
    case "--sgemm": measureSgemm = true
    case "--shape":
        let parts = arguments.removeFirst().split(separator: ",").map(String.init)
        shapes.append((Int(parts[0])!, Int(parts[1])!, parts.count > 2 ? parts[2] : "cosine"))
    case "--experiment": experimentName = arguments.removeFirst()
    default:
        let pair = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2 else {
            FileHandle.standardError.write(
                Data(
                    """
                    infonce-bench: unexpected argument '\(argument)'
                    usage: infonce-bench [--threads N] [--sgemm] [--shape B,d[,critic]]...
                                         [--experiment NAME] [key=value...]

                    """.utf8))
            exit(2)
        }
        settings[pair[0]] = ParamValue.parse(pair[1])
    }
}

func sgemmPeak(threads: Int, size: Int = 2048) -> Double {
    openblas_set_num_threads(Int32(threads))
    defer { openblas_set_num_threads(1) }
    let a = [Float](repeating: 0.5, count: size * size)
    let b = [Float](repeating: 0.25, count: size * size)
    var c = [Float](repeating: 0, count: size * size)
    var best = Double.infinity
    // The best of eight: on a shared machine other tenants' load only ever lowers a measurement.
    for _ in 0..<8 {
        let start = DispatchTime.now().uptimeNanoseconds
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(size), Int32(size), Int32(size), 1, a,
            Int32(size), b, Int32(size), 0, &c, Int32(size))
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return 2 * pow(Double(size), 3) / best / 1e9
}

/// The GFLOPS of the engine's own tile product (`TileProduct` of the chosen kernels: sgemm, or the AVX-512
/// register blocks) on a size x size x size product, its rows split between `threads` threads. Rows are
/// padded by 16 floats, as the engine pads its own (the register blocks read operands unpacked, and a
/// power-of-two stride would put every row of a block on one cache set).
func tileProductPeak(threads: Int, size: Int = 2048) -> Double {
    openblas_set_num_threads(1)
    let add = InstructionSet.preferred.tileProduct
    let stride = size + 16
    let a = UnsafeMutablePointer<Float>.allocate(capacity: size * stride)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: size * stride)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: size * stride)
    defer { [a, b, c].forEach { $0.deallocate() } }
    a.initialize(repeating: 0.5, count: size * stride)
    b.initialize(repeating: 0.25, count: size * stride)
    c.initialize(repeating: 0, count: size * stride)
    let share = (size + threads - 1) / threads
    let pool = ComputePool(threads: threads)
    var best = Double.infinity
    for _ in 0..<8 {
        let start = DispatchTime.now().uptimeNanoseconds
        pool.run { part in
            let first = min(size, part * share)
            let rows = min(share, size - first)
            add(rows, size, size, 1, a + first * stride, stride, 1, b, stride, c + first * stride, stride)
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return 2 * pow(Double(size), 3) / best / 1e9
}

func printJSON(_ fields: [(String, String)]) {
    print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
    fflush(nil)
}

if measureSgemm {
    printJSON([
        ("what", "\"sgemm_peak\""), ("threads", "\(threads)"),
        ("gflops", String(format: "%.1f", sgemmPeak(threads: threads))),
    ])
    printJSON([
        ("what", "\"tile_product_peak\""), ("threads", "\(threads)"),
        ("kernels", "\"\(InstructionSet.preferred)\""),
        ("gflops", String(format: "%.1f", tileProductPeak(threads: threads))),
    ])
}
let context = RunContext(threads: threads)
for (batch, dim, critic) in shapes {
    let experiment = InfoNCEStepExperiment()
    var given = Parameters(settings)
    given["batch"] = .number(Double(batch))
    given["dim"] = .number(Double(dim))
    given["critic"] = .string(critic)
    let metrics = try experiment.run(try experiment.resolve(given), context: context)
    printJSON(
        [
            ("what", "\"infonce_step\""), ("batch", "\(batch)"), ("dim", "\(dim)"), ("critic", "\"\(critic)\""),
            ("kernels", "\"\(InstructionSet.preferred)\""),
        ]
            + metrics.map { ($0.name, String(format: "%.4g", $0.value)) })
}
if let experimentName {
    let experiment = try ExperimentRegistry.experiment(named: experimentName)
    let start = DispatchTime.now().uptimeNanoseconds
    let metrics = try experiment.run(try experiment.resolve(Parameters(settings)), context: context)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    printJSON(
        [
            ("what", "\"\(experimentName)\""), ("kernels", "\"\(InstructionSet.preferred)\""),
            ("seconds", String(format: "%.4f", seconds)),
        ]
            + metrics.map { ($0.name, String(format: "%.17g", $0.value)) })
}
