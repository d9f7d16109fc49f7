import Foundation

/// Where a large report or export is written piece by piece: stdout, or a
/// temporary file (mode 0600, beside the target) that `finish()` syncs and
/// renames over the target, so readers never see half a file. A sink that
/// is dropped unfinished removes its temporary file.
///
/// Unchecked Sendable: a sink is used by one thread at a time — a sync run
/// fills it on the other core while the store commits, then hands it back
/// to be finished.
public final class ReportSink: @unchecked Sendable {
    private let descriptor: Int32
    private let target: String?
    private let temporary: String?
    /// The temporary file has no name yet (Linux `O_TMPFILE`): a process
    /// killed while writing leaves nothing behind; `finish()` names it.
    private let anonymous: Bool
    private var finished = false
    private var synced = false
    /// A file's writes, past the page cache where the file system allows.
    private let file: DirectFileWriter?

    /// A sink for `output`; for a file, creates the temporary file now.
    public init(_ output: ReportOutput) throws {
        switch output {
        case .standardOutput:
            descriptor = 1
            target = nil
            temporary = nil
            anonymous = false
        case .file(let path):
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path
            let temporary = folder + "/.\(url.lastPathComponent).\(getpid()).tmp"
            var descriptor: Int32 = -1
            #if os(Linux)
            // Not every file system has O_TMPFILE; then a named temporary file it is.
            descriptor = open(folder, O_WRONLY | O_CLOEXEC | Self.temporaryFileFlag, 0o600)
            #endif
            anonymous = descriptor >= 0
            if descriptor < 0 {
                descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            }
            guard descriptor >= 0 else {
                throw Self.error(.fileWriteNoPermission, path, "cannot create \(temporary): \(String(cString: strerror(errno)))")
            }
            self.descriptor = descriptor
            self.target = path
            self.temporary = temporary
        }
        file = target == nil ? nil : DirectFileWriter(descriptor: descriptor)
    }

    #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`); the C macro is not imported into Swift.
    private static let temporaryFileFlag: Int32 = 0o20_000_000 | O_DIRECTORY
    #endif

    /// Appends `bytes`. On stdout a closed pipe (`| head`) ends output quietly.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Appends `raw`, read in place.
    public func write(_ raw: UnsafeRawBufferPointer) throws {
        if let file, let target {
            do throws(POSIXError) {
                try file.write(raw)
                return
            } catch {
                throw Self.error(.fileWriteUnknown, target, "cannot write \(target): \(String(cString: strerror(error.code.rawValue)))")
            }
        }
        var failure: Int32 = 0
        var offset = 0
        while offset < raw.count {
            let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += written
        }
        guard failure != 0, let target else { return }
        throw Self.error(.fileWriteUnknown, target, "cannot write \(target): \(String(cString: strerror(failure)))")
    }

    /// For a file: writes its bytes through to the disk now, so that
    /// `finish()` has only to name it. A sync run does this on the thread
    /// that rendered the report, while the store still commits (a 234 MB
    /// report took 0.1 s to sync after the commit). Nothing to do for stdout.
    public func sync() throws {
        guard !synced, !finished, let target else { return }
        let failure = flushAndSync()
        guard failure == 0 else {
            throw Self.error(.fileWriteUnknown, target, "cannot write \(target): \(String(cString: strerror(failure)))")
        }
        synced = true
    }

    /// For a file: syncs it (unless `sync()` did) and renames it over the
    /// target. Nothing to do for stdout.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        guard let target, let temporary else { return }
        var failure: Int32 = 0
        if !synced { failure = flushAndSync() }
        #if os(Linux)
        if anonymous, failure == 0 {
            unlink(temporary)  // a leftover of a killed run with this pid
            if linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW) != 0 {
                failure = errno
            }
        }
        #endif
        _ = Foundation.close(descriptor)
        if failure == 0, rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Self.error(.fileWriteUnknown, target, "cannot write \(target): \(String(cString: strerror(failure)))")
        }
    }

    /// Writes out the file's last gathered bytes and syncs it: 0, or the `errno`.
    private func flushAndSync() -> Int32 {
        do { try file?.flush() } catch { return error.code.rawValue }
        return fsync(descriptor) == 0 ? 0 : errno
    }

    deinit {
        if !finished, let temporary {
            _ = Foundation.close(descriptor)
            if !anonymous { unlink(temporary) }
        }
    }

    private static func error(_ code: CocoaError.Code, _ path: String, _ message: String) -> CocoaError {
        CocoaError(code, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: message])
    }
}
