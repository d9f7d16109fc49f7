import DelimitedText

/// A row's cells as `EntityRowTyper` reads them: as strings (a caller that
/// split the row itself) or as the bytes a `CSVReader` lends.
protocol RowCells {
    var count: Int { get }
    /// Cell `index`'s UTF-8, valid while `body` runs.
    func withBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result
    func string(_ index: Int) -> String
}

extension Array: RowCells where Element == String {
    func withBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var cell = self[index]
        return try cell.withUTF8(body)
    }

    func string(_ index: Int) -> String { self[index] }
}

extension CSVFieldBytes: RowCells {
    func withBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(self[index])
    }
}
