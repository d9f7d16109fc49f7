import Foundation

/// Reads the value of an `attr:< file:` line, and only from inside one folder.
///
/// An LDIF file is data from elsewhere; without this fence a crafted export
/// could pull `/etc/shadow` or an SSH key into the profile store.
enum FileURLValue {
    /// The bytes of the file `url` names, or a message saying why not.
    static func read(url: String, root: String?) -> Result<[UInt8], FileURLFailure> {
        guard url.lowercased().hasPrefix("file:") else {
            return .failure(FileURLFailure("only file: URLs are supported in ':<' values, not '\(url)'"))
        }
        guard let root else {
            return .failure(FileURLFailure("':<' URL values are not allowed for in-memory input"))
        }
        var rest = Substring(url.dropFirst(5))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let host = rest[..<slash]
            guard host.isEmpty || host.lowercased() == "localhost" else {
                return .failure(FileURLFailure("file: URL with a remote host '\(host)' is not allowed"))
            }
            rest = rest[slash...]
        }
        guard let decoded = String(rest).removingPercentEncoding, !decoded.isEmpty else {
            return .failure(FileURLFailure("malformed file: URL '\(url)'"))
        }
        let rootPath = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL.path
        let target = decoded.hasPrefix("/")
            ? URL(fileURLWithPath: decoded) : URL(fileURLWithPath: decoded, relativeTo: URL(fileURLWithPath: rootPath, isDirectory: true))
        let resolved = target.standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = rootPath.hasSuffix("/") ? rootPath : rootPath + "/"
        guard resolved.hasPrefix(prefix) else {
            return .failure(FileURLFailure("file: URL '\(url)' points outside the allowed folder \(rootPath)"))
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            return .failure(FileURLFailure("cannot read '\(resolved)' named by file: URL"))
        }
        return .success([UInt8](data))
    }
}

/// Why a `:<` URL value could not be read.
struct FileURLFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
