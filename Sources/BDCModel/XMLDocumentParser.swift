import CLibXML2
import Diagnostics

/// Parses XML bytes with libxml2 into an `XMLElementNode` tree.
///
/// Safety: the network is off (`XML_PARSE_NONET`), entities are never
/// substituted (no `XML_PARSE_NOENT`), no DTD is loaded, and any DOCTYPE is
/// refused before its declarations are read, so external entities (XXE) and
/// entity expansion cannot happen. libxml2 detects the encoding itself (UTF-8
/// with or without BOM, UTF-16 with BOM, or the XML declaration).
enum XMLDocumentParser {
    static func parse(bytes: [UInt8], file: String) throws(Diagnostic) -> XMLElementNode {
        guard !bytes.isEmpty else {
            throw Diagnostic.error("the file is empty, not XML", at: SourceLocation(file: file, line: 1))
        }
        guard bytes.count <= Int(Int32.max) else {
            throw Diagnostic.error("the file is too large for an XML model", at: SourceLocation(file: file, line: 1))
        }
        let state = UnsafeMutablePointer<profilesync_parse_state>.allocate(capacity: 1)
        state.initialize(to: profilesync_parse_state())
        defer {
            profilesync_parseStateClear(state)
            state.deallocate()
        }
        guard let context = profilesync_newGuardedParserCtxt(state) else {
            throw Diagnostic.error("libxml2 could not create a parser", at: SourceLocation(file: file, line: 1))
        }
        defer { xmlFreeParserCtxt(context) }

        // Errors reach the context's structured handler (never stderr); NOERROR
        // and NOWARNING also silence the generic handlers, as a second guard.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { base in
                xmlCtxtReadMemory(context, base, Int32(buffer.count), file, nil, options)
            }
        }
        defer { if let document { xmlFreeDoc(document) } }

        let doctypeLine = Int(state.pointee.doctypeLine)
        if doctypeLine > 0 {
            throw Diagnostic.error(
                "a DOCTYPE is not allowed in a BDC model (entities are never expanded)",
                at: SourceLocation(file: file, line: doctypeLine))
        }
        guard let document, context.pointee.wellFormed != 0, state.pointee.errorCode == 0 else {
            throw parseError(state.pointee, context: context, file: file)
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw Diagnostic.error("the document has no root element", at: SourceLocation(file: file, line: 1))
        }
        return copy(root)
    }

    /// The first libxml2 error as a diagnostic at its line and column (the
    /// context's last error when the handler saw none).
    private static func parseError(_ state: profilesync_parse_state, context: xmlParserCtxtPtr, file: String) -> Diagnostic {
        var message = "parse error"
        var line = 1
        var column: Int? = nil
        if state.errorCode != 0 {
            message = state.errorMessage.map { String(cString: $0).trimmingBlanks } ?? message
            line = max(1, Int(state.errorLine))
            column = state.errorColumn > 0 ? Int(state.errorColumn) : nil
        } else if let error = xmlCtxtGetLastError(context), error.pointee.code != 0 {
            message = error.pointee.message.map { String(cString: $0).trimmingBlanks } ?? message
            line = max(1, Int(error.pointee.line))
            column = error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil
        }
        return Diagnostic.error("not well-formed XML: \(message)", at: SourceLocation(file: file, line: line, column: column))
    }

    /// Copies an element and its element descendants into Swift values.
    private static func copy(_ node: xmlNodePtr) -> XMLElementNode {
        let element = node.pointee
        var attributes: [String: String] = [:]
        var attribute = element.properties
        while let current = attribute {
            // Prefixed attributes (xsi:schemaLocation) are not BDC data.
            if current.pointee.ns == nil, let name = current.pointee.name {
                var value = ""
                if let text = xmlNodeListGetString(element.doc, current.pointee.children, 1) {
                    value = String(cString: text)
                    profilesync_xmlFree(text)
                }
                attributes[String(cString: name)] = value
            }
            attribute = current.pointee.next
        }
        var children: [XMLElementNode] = []
        var text = ""
        var child = element.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(copy(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default:
                break  // comments, processing instructions
            }
            child = current.pointee.next
        }
        return XMLElementNode(
            name: element.name.map { String(cString: $0) } ?? "",
            namespace: element.ns?.pointee.href.map { String(cString: $0) },
            attributes: attributes,
            children: children,
            text: text,
            line: Int(xmlGetLineNo(node)))
    }
}
