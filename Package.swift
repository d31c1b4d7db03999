// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Lagebild",
    products: [
        .executable(name: "lagebild", targets: ["lagebild"]),
        .library(name: "LagebildEngine", targets: ["LagebildEngine"]),
        .library(name: "LagebildEntities", targets: ["LagebildEntities"]),
        .library(name: "LagebildTime", targets: ["LagebildTime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CIntrinsics"),
        .target(name: "LagebildText", dependencies: ["CIntrinsics"], swiftSettings: strict),
        .target(name: "LagebildEntities", dependencies: ["LagebildText", "CIntrinsics"], resources: [.copy("Resources")], swiftSettings: strict),
        .target(name: "LagebildTime", resources: [.copy("Resources")], swiftSettings: strict),
        .target(name: "LagebildIndex", dependencies: ["LagebildText", "CIntrinsics"], swiftSettings: strict),
        .target(name: "LagebildQuery", swiftSettings: strict),
        .target(name: "LagebildTimeline", dependencies: ["LagebildTime"], resources: [.copy("Resources")], swiftSettings: strict),
        .target(
            name: "LagebildEngine",
            dependencies: ["LagebildText", "LagebildEntities", "LagebildTime", "LagebildTimeline", "LagebildIndex", "LagebildQuery", "CZlib"],
            swiftSettings: strict
        ),
        .target(name: "LagebildREPL", dependencies: ["LagebildEngine", "LagebildQuery", "LagebildTime"], swiftSettings: strict),
        .executableTarget(
            name: "lagebild",
            dependencies: [
                "LagebildEngine", "LagebildEntities", "LagebildTime", "LagebildREPL", "CEditLine", "CIntrinsics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(name: "LagebildTestSupport", dependencies: ["LagebildText"], path: "Tests/LagebildTestSupport", swiftSettings: strict),
        .testTarget(
            name: "LagebildTextTests",
            dependencies: ["LagebildText", "LagebildTestSupport"],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .testTarget(name: "LagebildEntitiesTests", dependencies: ["LagebildEntities"], swiftSettings: strict),
        .testTarget(name: "LagebildTimeTests", dependencies: ["LagebildTime", "LagebildText", "LagebildTestSupport"], swiftSettings: strict),
        .testTarget(name: "LagebildIndexTests", dependencies: ["LagebildIndex", "LagebildTestSupport"], swiftSettings: strict),
        .testTarget(name: "LagebildREPLTests", dependencies: ["LagebildREPL", "LagebildEngine", "LagebildTestSupport"], swiftSettings: strict),
        .testTarget(name: "LagebildQueryTests", dependencies: ["LagebildQuery"], swiftSettings: strict),
        .testTarget(name: "LagebildTimelineTests", dependencies: ["LagebildTimeline", "LagebildTime"], swiftSettings: strict),
        .testTarget(
            name: "LagebildEngineTests",
            dependencies: ["LagebildEngine", "LagebildTime", "LagebildTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LagebildGoldenTests",
            dependencies: ["LagebildEngine", "LagebildEntities", "LagebildText", "LagebildTime", "LagebildTestSupport"],
            resources: [.copy("Golden")],
            swiftSettings: strict
        ),
        .testTarget(name: "lagebildTests", dependencies: ["lagebild", "LagebildTestSupport"], swiftSettings: strict),
    ]
)
