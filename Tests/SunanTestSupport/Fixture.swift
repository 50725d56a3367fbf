import Foundation

/// Why a test fixture could not be used: it is missing, unreadable, undecodable or holds no cases.
/// Loaders throw it so a broken fixture fails the tests that need it instead of giving them zero cases.
public struct FixtureError: Error, CustomStringConvertible, Equatable {
    /// The fixture's path (or its name, when it could not be found at all).
    public let file: String
    /// What is wrong with it.
    public let problem: String

    /// A fixture problem: `problem` with `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "test fixture \(file): \(problem)" }
}

/// Loading test fixtures that fail loudly: every function throws a ``FixtureError`` naming the file.
public enum Fixture {
    /// The URL of the resource `name` (with its extension) in `subdirectory` of `bundle`, a test
    /// target's `Bundle.module`.
    public static func url(_ name: String, in bundle: Bundle, subdirectory: String = "Fixtures") throws -> URL {
        guard let url = bundle.url(forResource: name, withExtension: nil, subdirectory: subdirectory) else {
            throw FixtureError(file: "\(subdirectory)/\(name)", problem: "not found in the test bundle \(bundle.bundleURL.lastPathComponent)")
        }
        return url
    }

    /// The bytes of the file at `url`.
    public static func data(at url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw FixtureError(file: url.path, problem: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// The JSON file at `url` decoded as `type`.
    public static func decode<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        let data = try data(at: url)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw FixtureError(file: url.path, problem: "is not a valid \(type) (\(error))")
        }
    }

    /// `items`, read from the fixture at `url`, or an error when there are none (a parameterised test
    /// over no cases would pass without checking anything).
    public static func nonEmpty<C: Collection>(_ items: C, from url: URL) throws -> C {
        guard !items.isEmpty else { throw FixtureError(file: url.path, problem: "holds no cases") }
        return items
    }
}
