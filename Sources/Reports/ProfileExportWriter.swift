import DelimitedText
import JSONText
import LDIF
import ProfileCore

/// Writes profiles in an export format one at a time, so an export of a
/// million profiles is streamed instead of held whole: append profiles,
/// take the bytes written so far, write them out, repeat.
///
/// The file's header (CSV header row, LDIF `version: 1`) is written at
/// creation. CSV needs the property columns before the first row: collect
/// them with `PropertyNames` in a first pass over the same profiles.
public struct ProfileExportWriter: ~Copyable {
    /// Property names in the order they are first met, for the CSV columns.
    public struct PropertyNames: Sendable {
        public private(set) var names: [String] = []
        private var seen: Set<String> = []

        public init() {}

        /// Adds the names of `profile`'s properties not seen before.
        public mutating func collect(from profile: Profile) {
            for property in profile.properties where seen.insert(property.name).inserted {
                names.append(property.name)
            }
        }
    }

    public let format: ProfileExportFormat
    var bytes: [UInt8] = []
    var json = JSONWriter(reservingCapacity: 1024)
    var csv = CSVWriter(lineEnding: .crlf, neutralizeFormulas: true)
    let csvColumns: [String: Int]
    let csvColumnCount: Int
    let ldif = LDIFWriter()

    /// A writer for `format`; `propertyNames` are the CSV property columns
    /// (ignored by the other formats). A property whose name is not among
    /// them is not written to CSV.
    public init(format: ProfileExportFormat, propertyNames: [String] = []) {
        self.format = format
        var columns: [String: Int] = [:]
        for (index, name) in propertyNames.enumerated() where columns[name] == nil { columns[name] = index }
        csvColumns = columns
        csvColumnCount = propertyNames.count
        switch format {
        case .jsonl: break
        case .csv: writeCSVHeader(propertyNames)
        case .ldif: bytes = LDIFWriter.versionLine
        }
    }

    /// Appends one profile.
    public mutating func append(_ profile: Profile) {
        switch format {
        case .jsonl: appendJSONL(profile)
        case .csv: appendCSV(profile)
        case .ldif: appendLDIF(profile)
        }
    }

    /// How many bytes are waiting to be taken.
    public var pendingByteCount: Int { bytes.count }

    /// The bytes written since the last call; the writer starts empty again.
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
