import Diagnostics
import ProfileCore

extension ChangeReport {
    /// The report for a person at a terminal: the run, a summary table, the
    /// inputs, then the changes grouped by kind in aligned columns, then the
    /// diagnostics. Colour only when `options.color`; values never carry
    /// control characters through (see `TerminalText.printable`).
    public func renderText(options: ReportRenderOptions = .init()) -> [UInt8] {
        let style = TerminalStyle(enabled: options.color)
        var lines: [String] = []
        lines.append(style.apply(.bold, "ProfileSync change report: run \(run.id) (\(run.kind.rawValue), \(run.status.rawValue))"))
        var times = TextTable()
        times.append([.init("started"), .init(ChangeReport.timestamp(run.started))])
        times.append([
            .init("finished"),
            .init("\(ChangeReport.timestamp(run.finished)) (\(HumanReadable.duration(from: run.started, to: run.finished)))"),
        ])
        lines += times.lines(indent: "  ", style: style)
        if run.dryRun { lines.append("  " + style.apply(.yellow, "dry run: nothing was written to the store")) }

        lines.append("")
        lines.append(style.apply(.bold, "Summary"))
        var summary = TextTable(alignments: [.left, .right])
        for field in run.summary.labeledFields {
            let attribute = field.value == 0 ? nil : RunSummary.attribute(for: field.name)
            summary.append([.init(field.label), .init(String(field.value), attribute)])
        }
        lines += summary.lines(indent: "  ", style: style)

        if !run.inputs.isEmpty {
            lines.append("")
            lines.append(style.apply(.bold, "Inputs"))
            var inputs = TextTable(alignments: [.left, .left, .right, .right, .right, .left])
            inputs.append(["CONNECTION", "PATH", "SIZE", "RECORDS", "SKIPPED", "SHA-256"].map { .init($0, .dim) })
            for input in run.inputs {
                inputs.append([
                    .init(input.connection), .init(input.path), .init(HumanReadable.byteCount(input.size)),
                    .init(String(input.records)), .init(String(input.skipped), input.skipped > 0 ? .yellow : nil),
                    .init(input.sha256),
                ])
            }
            lines += inputs.lines(indent: "  ", style: style)
        }
        if !run.notes.isEmpty {
            lines.append("")
            lines.append(style.apply(.bold, "Notes"))
            lines += run.notes.map { "  " + TerminalText.printable($0) }
        }

        let sections = ChangeSection.grouped(changes)
        if sections.isEmpty {
            lines.append("")
            lines.append("No changes.")
        }
        for (section, changes) in sections {
            lines.append("")
            lines.append(style.apply(.bold, "\(section.title) (\(changes.count))"))
            lines += Self.textLines(section, changes, style: style)
        }

        if !diagnostics.isEmpty {
            lines.append("")
            lines.append(style.apply(.bold, "Diagnostics (\(diagnostics.count))"))
            for diagnostic in diagnostics {
                let attribute: TerminalStyle.Attribute? =
                    switch diagnostic.severity {
                    case .error: .red
                    case .warning: .yellow
                    case .note: nil
                    }
                let text = TerminalText.printable(diagnostic.description)
                lines.append("  " + (attribute.map { style.apply($0, text) } ?? text))
            }
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Several values on one line, or a dim `(none)`.
    static func textValues(_ values: [String]) -> TextTable.Cell {
        values.isEmpty ? .init("(none)", .dim) : .init(values.joined(separator: "; "))
    }

    private static func textLines(_ section: ChangeSection, _ changes: [ProfileChange], style: TerminalStyle) -> [String] {
        switch section {
        case .add, .update:
            return propertyChangeLines(changes, showOld: section == .update, style: style)
        case .membership:
            return membershipLines(changes, style: style)
        case .markForDeletion, .exclude, .move, .restore:
            var table = TextTable()
            switch section {
            case .exclude: table.append(["ACCOUNT", "REASON", "DN", "ANCHOR"].map { .init($0, .dim) })
            case .move: table.append(["ACCOUNT", "OLD DN", "", "NEW DN", "ANCHOR"].map { .init($0, .dim) })
            default: table.append(["ACCOUNT", "DN", "ANCHOR"].map { .init($0, .dim) })
            }
            for change in changes {
                switch change {
                case .exclude(let ref, let reason):
                    table.append([.init(ref.account, .bold), .init(reason.rawValue, .red), .init(ref.dn), .init(ref.anchor, .dim)])
                case .move(let ref, let oldDn, let newDn):
                    table.append([.init(ref.account, .bold), .init(oldDn), .init("→"), .init(newDn, .yellow), .init(ref.anchor, .dim)])
                case .markForDeletion(let ref):
                    table.append([.init(ref.account, .bold), .init(ref.dn, .red), .init(ref.anchor, .dim)])
                case .restore(let ref):
                    table.append([.init(ref.account, .bold), .init(ref.dn, .green), .init(ref.anchor, .dim)])
                case .add, .update, .membership:
                    break
                }
            }
            return table.lines(indent: "  ", style: style)
        }
    }

    /// Each profile on a line, its property changes below it; profile lines
    /// are aligned with each other and property lines with each other.
    private static func propertyChangeLines(_ changes: [ProfileChange], showOld: Bool, style: TerminalStyle) -> [String] {
        var profiles = TextTable()
        var properties = TextTable()
        var propertyCounts: [Int] = []
        for change in changes {
            let ref: ProfileRef
            let changed: PropertyChanges
            switch change {
            case .add(let profile, let properties), .update(let profile, let properties):
                (ref, changed) = (profile, properties)
            case .markForDeletion, .exclude, .move, .restore, .membership:
                continue
            }
            profiles.append([.init(ref.account, .bold), .init(ref.dn), .init(ref.anchor, .dim)])
            for property in changed {
                let new = textValues(property.new).styledIfPlain(.green)
                let source = TextTable.Cell(property.source, .dim)
                if showOld {
                    let old = textValues(property.old).styledIfPlain(.red)
                    properties.append([.init(property.name), old, .init("→"), new, source])
                } else {
                    properties.append([.init(property.name), new, source])
                }
            }
            propertyCounts.append(changed.count)
        }
        let profileLines = profiles.lines(indent: "  ", style: style)
        let propertyLines = properties.lines(indent: "      ", style: style)
        var lines: [String] = []
        var next = 0
        for (index, count) in propertyCounts.enumerated() {
            lines.append(profileLines[index])
            lines += propertyLines[next..<next + count]
            next += count
        }
        return lines
    }

    private static func membershipLines(_ changes: [ProfileChange], style: TerminalStyle) -> [String] {
        var lines: [String] = []
        for change in changes {
            guard case .membership(let group, let added, let removed) = change else { continue }
            lines.append("  " + style.apply(.bold, TerminalText.printable(group)))
            lines += added.map { "      " + style.apply(.green, "+ " + TerminalText.printable($0)) }
            lines += removed.map { "      " + style.apply(.red, "- " + TerminalText.printable($0)) }
        }
        return lines
    }
}

extension TextTable.Cell {
    /// The cell in `attribute` unless it already has a style (the dim `(none)`).
    fileprivate func styledIfPlain(_ attribute: TerminalStyle.Attribute) -> TextTable.Cell {
        var cell = self
        if cell.attribute == nil { cell.attribute = attribute }
        return cell
    }
}
