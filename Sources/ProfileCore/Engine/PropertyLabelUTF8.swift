/// The UTF-8 of the labels (property names and sources) of the lists a
/// reader goes through one after another, laid out once.
///
/// A run's lists share one array of labels; reading each property's name
/// and source as `String`s retained and released those shared strings
/// twice per property, in the digest on both cores, and in the store's
/// encoder and the report on two more threads: about 40 pairs per profile
/// in each. Here each label's bytes are copied once into one buffer, and
/// every list with the same labels is read against it.
public struct PropertyLabelUTF8 {
    /// The labels the bytes are of; held, so that their storage cannot be
    /// reused by other labels meanwhile (`PropertyList.sharesLabels`).
    private var labels: [String] = []
    /// `labels`' identity, compared with each list's without touching `labels`.
    private var labelsIdentity: PropertyList.LabelsIdentity?
    private var bytes: [UInt8] = []
    /// Where each label ends in `bytes`; it starts where the previous one ends.
    private var ends: [Int] = []
    /// Each label's digest (its UTF-8 as one `ContentDigest` field), for
    /// `forEachPropertyDigest`.
    private var digests: [UInt64] = []
    /// The labels as sources are spelled (`init(nameSpelling:sourceSpelling:)`),
    /// laid out as `bytes` and `ends` are; the same bytes otherwise.
    private var sourceBytes: [UInt8] = []
    private var sourceEnds: [Int] = []
    /// How each label is laid out as a property's name: its UTF-8, or
    /// another spelling of it (the JSON report's, escaped once per label
    /// instead of per property).
    private let spelling: (@Sendable (String) -> [UInt8])?
    /// How each label is laid out as a property's source, when not as its name.
    private let sourceSpelling: (@Sendable (String) -> [UInt8])?

    public init() {
        spelling = nil
        sourceSpelling = nil
    }

    /// Labels laid out one way as names and another as sources: the JSON
    /// report spells the text around each (its object's start, up to the new
    /// value, around a name; its end, from the source on, around a source),
    /// so that a new profile's property is three appends instead of seven.
    public init(
        nameSpelling: @escaping @Sendable (String) -> [UInt8], sourceSpelling: @escaping @Sendable (String) -> [UInt8]
    ) {
        spelling = nameSpelling
        self.sourceSpelling = sourceSpelling
    }

    /// Calls `body` with each property of `list`: its name's bytes (UTF-8,
    /// or as the name spelling wrote them), its values, its source's bytes
    /// (as the source spelling wrote them, if any) and its run.
    public mutating func forEachProperty(
        of list: PropertyList,
        _ body: (_ name: UnsafeBufferPointer<UInt8>, PropertyValues, _ source: UnsafeBufferPointer<UInt8>, _ run: Int) throws -> Void
    ) rethrows {
        if list.labelsIdentity != labelsIdentity { lay(list.labelTexts) }
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                try sourceBytes.withUnsafeBufferPointer { sourceBytes in
                    try sourceEnds.withUnsafeBufferPointer { sourceEnds in
                        func label(_ position: Int) -> UnsafeBufferPointer<UInt8> {
                            UnsafeBufferPointer(rebasing: bytes[(position == 0 ? 0 : ends[position - 1])..<ends[position]])
                        }
                        func source(_ position: Int) -> UnsafeBufferPointer<UInt8> {
                            UnsafeBufferPointer(
                                rebasing: sourceBytes[(position == 0 ? 0 : sourceEnds[position - 1])..<sourceEnds[position]])
                        }
                        try list.forEachPropertyAt { name, values, sourceAt, run in
                            try body(label(name), values, source(sourceAt), run)
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with each property of `list`: its name's digest, its
    /// values and its source's digest, each label's digest made once for
    /// every list with the same labels (`ContentDigest.of(_:labels:)`).
    public mutating func forEachPropertyDigest(
        of list: PropertyList, _ body: (_ name: UInt64, PropertyValues, _ source: UInt64) throws -> Void
    ) rethrows {
        if list.labelsIdentity != labelsIdentity { lay(list.labelTexts) }
        try digests.withUnsafeBufferPointer { digests in
            try list.forEachPropertyAt { name, values, source, _ in
                try body(digests[name], values, digests[source])
            }
        }
    }

    private mutating func lay(_ labels: [String]) {
        self.labels = labels
        labelsIdentity = PropertyList.LabelsIdentity(labels)
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        sourceBytes.removeAll(keepingCapacity: true)
        sourceEnds.removeAll(keepingCapacity: true)
        digests.removeAll(keepingCapacity: true)
        for label in labels {
            var digest = ContentDigest()
            digest.add(label)
            digests.append(digest.value)
            let named = bytes.count
            if let spelling {
                bytes.append(contentsOf: spelling(label))
            } else {
                bytes.append(contentsOf: label.utf8)
            }
            ends.append(bytes.count)
            if let sourceSpelling {
                sourceBytes.append(contentsOf: sourceSpelling(label))
            } else {
                sourceBytes.append(contentsOf: bytes[named...])
            }
            sourceEnds.append(sourceBytes.count)
        }
    }
}
