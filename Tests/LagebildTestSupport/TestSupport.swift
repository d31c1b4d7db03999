public import Foundation
public import LagebildText

/// Paths and helpers shared by the test targets.
public enum TestSupport {
    /// The package root, found from this file's path (tests run from anywhere).
    public static let packageRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    public static var seedsDirectory: URL { packageRoot.appendingPathComponent("seeds") }

    /// The seed files, sorted by name.
    public static func seedFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: seedsDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    public static func seedText(_ prefix: String) throws -> String {
        let url = try seedFiles().first { $0.lastPathComponent.hasPrefix(prefix) }!
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A fresh temporary directory, removed by the caller.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lagebild-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The seedable generator the property tests use (SplitMix64, in the text module).
public typealias SeededGenerator = LagebildText.SeededGenerator
