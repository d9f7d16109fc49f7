/// Writes the HR extract: UTF-8 CSV, comma-separated, CRLF, RFC 4180 quoting
/// (a field with a comma, quote or line break is quoted, quotes doubled).
/// Owns its buffer, like `LDIFDEEmitter`, for the same reason.
struct HRExtractWriter {
    static let header = [
        "EmployeeID", "Department", "JobTitle", "CostCenter", "HireDate", "Skills", "ManagerEmployeeID",
        "OfficeLocation", "IsContractor",
    ]

    /// Contractor rows HR holds for people who have no AD account (ids `C…`).
    static func contractorRowCount(userCount: Int) -> Int {
        max(1, (userCount + 50) / 100)
    }

    static func contractorID(_ index: Int) -> String {
        let digits = String(index + 1)
        return "C" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    let file: OutputFile
    private var buffer: [UInt8] = []

    init(file: OutputFile) {
        self.file = file
        buffer.reserveCapacity(1 << 20)
        writeRow(Self.header)
    }

    mutating func flush() throws {
        try file.writeBytes(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func flushIfFull() throws {
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func writeRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            appendField(field)
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// The HR row of a person who has an employeeID.
    mutating func writeEmployee(_ user: SyntheticUser) throws {
        guard let employeeID = user.employeeID else { return }
        writeRow([
            employeeID, user.hrDepartment, user.hrTitle, user.costCenter, user.hireDate,
            user.skills.joined(separator: ";"), user.managerEmployeeID ?? "", user.office, "false",
        ])
        try flushIfFull()
    }

    /// HR's contractor rows: they match no AD account, so a sync reports them as unjoined.
    mutating func writeContractors(count: Int, tree: OrgTree, context: GenerationContext) throws {
        for index in 0..<count {
            var random = SeededRandom(seed: context.seed, stream: 13, index: index)
            let department = tree.count > OrgTree.firstManager ? OrgCatalog.drawDepartment(&random) : 0
            let entry = OrgCatalog.departments[department]
            let title = "Contract " + random.pick(entry.staffTitles)
            let manager = department == 0 ? 0 : tree.pickManager(department: department, &random, excluding: -1)
            let hired = Snapshot.baselineTime - Int64(random.below(700 * 86_400))
            let site = random.pick(OrgCatalog.sites)
            writeRow([
                Self.contractorID(index), entry.name, title, "CC-" + String(entry.costCenterBase + 99),
                ADValues.isoDate(hired), random.pick(entry.skills), context.employeeID(manager, tree) ?? "",
                site.office, "true",
            ])
            try flushIfFull()
        }
    }

    private mutating func appendField(_ field: String) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            buffer.append(contentsOf: field.utf8)
            return
        }
        buffer.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
