// swift-tools-version: 6.1
// Benchmarks live in their own package so that the library does not depend on the benchmark framework.
import PackageDescription

let package = Package(
    name: "LagebildBenchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LagebildBenchmarks",
            dependencies: [
                .product(name: "LagebildEngine", package: "main"),
                .product(name: "LagebildEntities", package: "main"),
                .product(name: "LagebildTime", package: "main"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LagebildBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
