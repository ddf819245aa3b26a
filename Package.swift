// swift-tools-version:6.2
import Foundation
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let fastMath: [SwiftSetting] = strict + [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
// The numeric solvers stay optimised in debug builds too: their SIMD loops are ~100x slower at -Onone,
// which would make the test suite's numerical checks take minutes.
let numeric: [SwiftSetting] = fastMath + [.unsafeFlags(["-O"], .when(configuration: .debug))]
// The engine's kernels are compiled three times from the same files (Sources/InfoNCEKernelsAVX2 and
// Sources/InfoNCEKernelsAVX512 link to them): portable, for AVX2/FMA (Haswell and later, Zen), and for
// AVX-512 (F, CD, BW, DQ, VL on top of AVX2); the engine picks one at run time. No cross-module
// optimisation, so that no kernel code is copied into a module compiled for another instruction set.
let kernels: [SwiftSetting] = numeric + [.unsafeFlags(["-Xfrontend", "-disable-cmo"])]
#if arch(x86_64)
    let avx2Kernels: [SwiftSetting] = kernels + [.unsafeFlags(["-target-cpu", "haswell"]), .define("INFOSWEEP_FMA")]
    let avx512Features = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].flatMap { ["-Xcc", "-m\($0)"] }
    let avx512Kernels: [SwiftSetting] =
        avx2Kernels + [.unsafeFlags(avx512Features), .define("INFOSWEEP_AVX512")]
#else
    let avx2Kernels: [SwiftSetting] = kernels
    let avx512Kernels: [SwiftSetting] = kernels
#endif

let package = Package(
    name: "infosweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "infosweep", targets: ["InfosweepCLI"]),
        .executable(name: "infonce-bench", targets: ["InfonceBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/pointfreeco/swift-clocks.git", from: "1.1.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", providers: [.apt(["libopenblas-dev"])]),

        // The clock the coordinator and the worker read and sleep on (a manual one in tests).
        .target(name: "Timekeeping", swiftSettings: strict),
        // Sweep files, parameter values and task identity; the version and build commit results record.
        .target(
            name: "SweepModel", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict,
            plugins: ["BuildCommit"]),
        // Writes the git commit of the build into SweepModel (InfosweepVersion.buildCommit).
        .plugin(name: "BuildCommit", capability: .buildTool()),
        // The experiments described (parameters, kinds, ranges, defaults, memory) and the sweep validator
        // over them: no numeric code, so a coordinator checks sweeps without the solvers.
        .target(name: "ExperimentCatalog", dependencies: ["SweepModel"], swiftSettings: strict),
        // The buffers of the tiled InfoNCE engine; the kernels over them, portable, AVX2/FMA and AVX-512 (same
        // sources).
        .target(name: "InfoNCETiles", swiftSettings: numeric),
        .target(name: "InfoNCEKernels", dependencies: ["InfoNCETiles", "COpenBLAS"], swiftSettings: kernels),
        .target(name: "InfoNCEKernelsAVX2", dependencies: ["InfoNCETiles", "COpenBLAS"], swiftSettings: avx2Kernels),
        .target(
            name: "InfoNCEKernelsAVX512", dependencies: ["InfoNCETiles", "COpenBLAS"], swiftSettings: avx512Kernels),
        // Experiments and the numeric engines behind them. Knows nothing of networking or storage.
        .target(
            name: "Solvers",
            dependencies: [
                "SweepModel", "ExperimentCatalog", "COpenBLAS", "InfoNCEKernels", "InfoNCEKernelsAVX2",
                "InfoNCEKernelsAVX512",
            ],
            swiftSettings: numeric),
        // Benchmarks of the solvers: engine step times, sgemm peak, one experiment run.
        .executableTarget(
            name: "InfonceBench",
            dependencies: ["Solvers", "SweepModel", "COpenBLAS"], swiftSettings: fastMath),
        // The SQLite task store: tasks, leases, attempts and results.
        .target(name: "TaskStore", dependencies: ["SweepModel", "CSQLite"], swiftSettings: strict),
        // Frames and messages exchanged between workers, clients and the coordinator.
        .target(
            name: "WireProtocol",
            dependencies: [
                "SweepModel", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // Statistics of result cells and their pictures: tables, CSV/JSON, SVG.
        .target(name: "PhaseDiagram", dependencies: ["SweepModel"], swiftSettings: strict),
        // Aggregation of stored results: status, export, phase queries.
        .target(
            name: "Query",
            dependencies: [
                "SweepModel", "TaskStore", "PhaseDiagram", .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // The TCP server that hands out leases and accepts results.
        .target(
            name: "Coordinator",
            dependencies: [
                "SweepModel", "ExperimentCatalog", "TaskStore", "WireProtocol", "Timekeeping", "Query",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The client side of the protocol: connections to a coordinator, HOST:PORT addresses, results read
        // through a coordinator.
        .target(
            name: "CoordinatorClient",
            dependencies: [
                "SweepModel", "WireProtocol", "Query",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // The worker: claims tasks, runs them through a TaskRunner, keeps their leases, reports their results.
        .target(
            name: "Worker",
            dependencies: [
                "SweepModel", "WireProtocol", "CoordinatorClient", "Timekeeping",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The task runners the worker can be given: the built-in experiments, and commands (child processes).
        .target(
            name: "Runners",
            dependencies: [
                "Worker", "Solvers", "SweepModel", .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // Pilot jobs on demand: the planner, Slurm's commands and the allocator's loop (`infosweep alloc slurm`).
        .target(
            name: "Pilots",
            dependencies: [
                "SweepModel", "WireProtocol", "CoordinatorClient", "Timekeeping",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        // The dashboard and the HTTP API (Hummingbird), reading through the query code the CLI uses.
        .target(
            name: "WebInterface",
            dependencies: [
                "Coordinator", "Query", "PhaseDiagram", "TaskStore", "SweepModel", "WireProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "InfosweepCLI",
            dependencies: [
                "SweepModel", "ExperimentCatalog", "Solvers", "TaskStore", "WireProtocol", "Coordinator",
                "CoordinatorClient", "Worker", "Runners", "Query", "PhaseDiagram", "Pilots", "WebInterface",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "SweepModelTests", dependencies: ["SweepModel"], exclude: ["Corpus"], swiftSettings: strict),
        .testTarget(
            name: "SolverTests",
            dependencies: [
                "Solvers", "ExperimentCatalog", "SweepModel", "InfoNCETiles", "InfoNCEKernels", "InfoNCEKernelsAVX2",
                "InfoNCEKernelsAVX512",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ExperimentCatalogTests", dependencies: ["ExperimentCatalog", "SweepModel"], swiftSettings: strict),
        .testTarget(name: "PhaseDiagramTests", dependencies: ["PhaseDiagram", "SweepModel"], swiftSettings: strict),
        // Helpers shared by the test targets.
        .target(
            name: "TestSupport",
            dependencies: ["Timekeeping", .product(name: "Clocks", package: "swift-clocks")],
            path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(
            name: "TaskStoreTests", dependencies: ["TaskStore", "SweepModel", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "QueryTests",
            dependencies: ["Query", "PhaseDiagram", "TaskStore", "SweepModel", "TestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WireProtocolTests",
            dependencies: [
                "WireProtocol", "SweepModel",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CoordinatorTests",
            dependencies: [
                "Coordinator", "TaskStore", "SweepModel", "WireProtocol", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SweepModel", "TaskStore", "WireProtocol", "CoordinatorClient", "Worker", "TestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PilotsTests",
            dependencies: [
                "Pilots", "SweepModel", "WireProtocol", "Timekeeping", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebInterfaceTests",
            dependencies: [
                "WebInterface", "Coordinator", "TaskStore", "SweepModel", "WireProtocol", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RunnersTests", dependencies: ["Runners", "Worker", "SweepModel", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "WorkerTests",
            dependencies: [
                "Worker", "CoordinatorClient", "SweepModel", "WireProtocol", "Timekeeping", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
    ]
)
