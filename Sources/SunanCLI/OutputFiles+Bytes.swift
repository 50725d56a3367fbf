import Foundation
import Indicators

extension OutputFiles {
    /// Writes `data` to the file at `path` as ``writeFile(_:to:)`` writes text: under a temporary name
    /// beside it, renamed into place when complete, replacing an existing file. The folder must exist.
    /// For binary files such as a workbook (`sunan template --xlsx`).
    static func writeFile(_ data: Data, to path: String) throws {
        let destination = URL(fileURLWithPath: path)
        let folder = destination.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationIssue.error(path, line: nil, "cannot write the output file: the folder \(folder) does not exist or is not a folder; create it first or choose another output path")
        }
        let temporary = temporarySibling(of: destination)
        do {
            try data.write(to: temporary)
            guard Foundation.rename(temporary.path, destination.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ValidationIssue.error(path, line: nil, "cannot write the output file (\(error.localizedDescription))")
        }
    }
}
