import Foundation
import Indicators

/// Moves a finished output folder into place without ever deleting what sunan did not write: the old
/// folder is renamed aside, checked again there (nothing can change it under its new name), the new one
/// renamed in, and only then are the old folder's recorded files removed. On any failure before the new
/// folder is in place, the old one goes back.
enum OutputFolderSwap {
    /// Moves the complete folder `temporary` to `target` (see the type's discussion); `shownAs` is the
    /// path for messages, as the user gave it.
    /// - Throws: a ``ValidationIssue`` when something that sunan may not replace appeared at the
    ///   destination during the run, or when a rename fails; the destination is then as it was.
    static func moveIntoPlace(_ temporary: String, at target: OutputPath, shownAs path: String) throws {
        let destination = target.resolved
        guard FileKind(at: destination) != .missing else {
            try moveIn(temporary, to: destination, shownAs: path)
            return
        }
        let aside = target.parent + "/" + OutputLeftovers.previousName(of: target.name)
        guard rename(destination, aside) == 0 else {
            let error = SystemError.last
            if FileKind(at: destination) != .folder { _ = try ExistingOutput.inspect(destination, shownAs: path) }
            throw ValidationIssue.error(path, line: nil, "cannot replace the output folder: moving the previous one aside failed (\(error)); nothing was changed")
        }
        let previous: ExistingOutput
        do {
            previous = try ExistingOutput.inspect(aside, shownAs: path)
        } catch {
            throw putBack(aside, to: destination, shownAs: path, after: error)
        }
        do {
            try moveIn(temporary, to: destination, shownAs: path)
        } catch {
            throw putBack(aside, to: destination, shownAs: path, after: error)
        }
        let removed: Bool
        switch previous {
        case .empty: removed = rmdir(aside) == 0
        case let .owned(manifest): removed = OutputLeftovers.removeListed(aside, names: manifest.names)
        }
        if !removed {
            writeToStandardError("sunan: \(path): warning: the new output is in place, but the previous folder could not be removed completely; what remains of it is in \(aside)")
        }
    }

    /// Renames `temporary` to `destination`, which must be missing or an empty folder (`rename(2)`
    /// replaces neither a folder with files in it nor anything that is not a folder).
    private static func moveIn(_ temporary: String, to destination: String, shownAs path: String) throws {
        guard rename(temporary, destination) != 0 else { return }
        let error = SystemError.last
        if FileKind(at: destination) != .missing {
            _ = try ExistingOutput.inspect(destination, shownAs: path)
            throw ValidationIssue.error(path, line: nil, "appeared while sunan was running; nothing was changed: run again to replace it")
        }
        throw ValidationIssue.error(path, line: nil, "cannot move the new output folder into place (\(error)); nothing was changed")
    }

    /// Renames the previous folder `aside` back to `destination` after `error`; returns the error to
    /// throw (saying where the previous folder is when it cannot go back).
    private static func putBack(_ aside: String, to destination: String, shownAs path: String, after error: any Error) -> any Error {
        if rename(aside, destination) == 0 { return error }
        let reason = SystemError.last
        let problem = (error as? ValidationIssue)?.message ?? "\(error)"
        return ValidationIssue.error(path, line: nil,
            "\(problem); and the previous folder could not be put back (\(reason)): it is intact in \(aside); rename it back by hand")
    }
}
