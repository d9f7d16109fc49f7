import Diagnostics
import Foundation
import TestSupport
@testable import LDIF

/// Turns our records and the suites' expected JSON into one canonical JSON
/// text, so whole results are compared rather than picked fields.
///
/// Canonical record: `dn`, `attrs` (names lowercased: suites disagree on
/// case), `changetype` (absent for content and add), `mods` (op, attr
/// lowercased, values — missing values as []), `newrdn`/`deleteoldrdn`/
/// `newsuperior`, `controls` when present. A value is a string when UTF-8,
/// else `{"base64": …}`.
enum Canonical {
    static func value(_ value: LDIFValue) -> Any {
        if let text = value.string { return text }
        return ["base64": Base64.encode(value.bytes)]
    }

    static func record(_ record: LDIFRecord) -> [String: Any] {
        var out: [String: Any] = ["dn": value(record.dn)]
        if !record.controls.isEmpty {
            out["controls"] = record.controls.map { control -> [String: Any] in
                ["oid": control.oid, "criticality": control.criticality, "value": control.value.map(value) ?? NSNull()]
            }
        }
        switch record.body {
        case .content(let attributes), .add(let attributes):
            var attrs: [String: [Any]] = [:]
            for attribute in attributes { attrs[attribute.name.lowercased(), default: []] += attribute.values.map(value) }
            out["attrs"] = attrs
        case .delete:
            out["changetype"] = "delete"
        case .modify(let modifications):
            out["changetype"] = "modify"
            out["mods"] = modifications.map { modification -> [String: Any] in
                ["op": modification.operation.rawValue, "attr": modification.attribute.lowercased(), "values": modification.values.map(value)]
            }
        case .modDN(let newRDN, let deleteOldRDN, let newSuperior, let keyword):
            out["changetype"] = keyword
            out["newrdn"] = newRDN
            out["deleteoldrdn"] = deleteOldRDN
            if let newSuperior { out["newsuperior"] = newSuperior }
        }
        return out
    }

    /// An expected record from python-ldap, ldif3 or the RFC group, in the same shape.
    static func expected(_ record: [String: Any]) -> [String: Any] {
        var out: [String: Any] = ["dn": record["dn"] ?? NSNull()]
        // The suites' JSON writes some UTF-8 values (control characters) as
        // base64; decode and re-apply our one rule so only content is compared.
        func clean(_ item: Any) -> Any {
            guard let object = item as? [String: Any] else { return item }
            if let text = object["base64"] as? String, let bytes = Base64.decode(text) {
                return value(LDIFValue(bytes: bytes))
            }
            return object
        }
        if let attrs = record["attrs"] as? [String: [Any]] {
            var lowered: [String: [Any]] = [:]
            for (name, values) in attrs { lowered[name.lowercased(), default: []] += values.map(clean) }
            out["attrs"] = lowered
        }
        if let changetype = record["changetype"] as? String, changetype != "add" { out["changetype"] = changetype }
        if let mods = record["mods"] as? [[String: Any]] {
            out["changetype"] = "modify"
            out["mods"] = mods.map { mod -> [String: Any] in
                ["op": mod["op"] ?? NSNull(), "attr": (mod["attr"] as? String ?? "").lowercased(),
                 "values": (mod["values"] as? [Any])?.map(clean) ?? []]
            }
        }
        for key in ["newrdn", "deleteoldrdn", "newsuperior"] where record[key] != nil && !(record[key] is NSNull) {
            out[key] = record[key]
        }
        if let controls = record["controls"] as? [[String: Any]], !controls.isEmpty { out["controls"] = controls }
        return out
    }

    static func text(_ records: [[String: Any]]) -> String {
        let data = try? JSONSerialization.data(withJSONObject: records, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "<not JSON>"
    }

    static func json(_ relativePath: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: try Corpus.data(relativePath))
        return object as? [String: Any] ?? [:]
    }

    /// Reads a corpus file with the given options; conformance reads keep secrets
    /// because the suites check userPassword like any other attribute.
    static func read(_ relativePath: String, policy: ErrorPolicy = .lenient, allowFileURLs: Bool = false) throws -> ([LDIFRecord], LDIFReader) {
        let url = try Corpus.url(relativePath)
        let reader = try LDIFReader(
            path: url.path,
            options: LDIFReaderOptions(policy: policy, allowFileURLs: allowFileURLs, keepSecrets: true))
        var records: [LDIFRecord] = []
        while let record = try reader.next() { records.append(record) }
        return (records, reader)
    }

    /// The first strict-mode error for a corpus file, nil when it reads cleanly.
    static func strictError(_ relativePath: String) throws -> Diagnostic? {
        do {
            _ = try read(relativePath, policy: .strict)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        }
    }
}
