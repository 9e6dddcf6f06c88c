// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Gaffe",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GaffeKit", targets: ["GaffeKit"]),
        .executable(name: "gaffe", targets: ["gaffe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CCMark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // The allocator of the gaffe command (not of GaffeKit, which leaves that to its host).
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"]), .brew(["mimalloc"])]
        ),
        // Turns the YAML under lexicons/ into Swift string literals at build time, so the built-in
        // lexicons, phrase packs and calendars travel inside the binary.
        .executableTarget(name: "GaffeEmbedTool", path: "Sources/GaffeEmbedTool"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["GaffeEmbedTool"]
        ),
        .target(
            name: "GaffeKit",
            dependencies: [
                "CLibXML2",
                "CCMark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "gaffe",
            dependencies: [
                "GaffeKit",
                "CMimalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GaffeKitTests",
            dependencies: ["GaffeKit", "gaffe", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
    ]
)
