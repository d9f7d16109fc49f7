import Diagnostics

/// Turns one `Entity` element into a `BDCEntity`.
///
/// The fields are what the entity returns for one item: the default
/// `SpecificFinder` method instance (else any SpecificFinder, else the default
/// `Finder`, else any Finder) names its return parameter
/// (`ReturnParameterName`); that parameter's root `TypeDescriptor`, followed
/// along `ReturnTypeDescriptorPath` and into the element of a collection
/// (`IsCollection="true"` or a path step ending in `[0]`), is the row type;
/// its leaf `TypeDescriptor`s are the fields. This is how SharePoint itself
/// decides an external content type's fields, so a CSV extract of the entity
/// has exactly these columns.
struct BDCEntityReader {
    let node: XMLElementNode
    let model: String
    let lobSystem: BDCLobSystem
    let file: String
    private(set) var warnings: [Diagnostic] = []

    private var ns: String { BDCModelReader.namespace }

    init(node: XMLElementNode, model: String, lobSystem: BDCLobSystem, file: String) {
        self.node = node
        self.model = model
        self.lobSystem = lobSystem
        self.file = file
    }

    private func at(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line) }

    private mutating func warn(_ message: String, line: Int) {
        warnings.append(.warning(message, at: at(line)))
    }

    mutating func read() throws(Diagnostic) -> BDCEntity {
        let name = node.attribute("Name")?.trimmingBlanks ?? ""
        guard !name.isEmpty else { throw Diagnostic.error("an Entity has no Name", at: at(node.line)) }
        let namespace = node.attribute("Namespace")?.trimmingBlanks ?? ""
        if namespace.isEmpty { warn("entity '\(name)' has no Namespace", line: node.line) }

        var identifiers: [BDCIdentifier] = []
        for identifierNode in node.child("Identifiers", in: ns)?.children("Identifier", in: ns) ?? [] {
            let identifierName = identifierNode.attribute("Name")?.trimmingBlanks ?? ""
            guard !identifierName.isEmpty else {
                throw Diagnostic.error("an Identifier of entity '\(name)' has no Name", at: at(identifierNode.line))
            }
            let typeName = identifierNode.attribute("TypeName")?.trimmingBlanks ?? ""
            if typeName.isEmpty {
                warn("identifier '\(identifierName)' of entity '\(name)' has no TypeName; read as System.String", line: identifierNode.line)
            }
            identifiers.append(BDCIdentifier(name: identifierName, typeName: typeName.isEmpty ? "System.String" : typeName))
        }
        if identifiers.isEmpty { warn("entity '\(name)' has no identifier", line: node.line) }

        let methods = node.child("Methods", in: ns)?.children("Method", in: ns) ?? []
        var fields = rowFields(entity: name, methods: methods)
        link(&fields, to: identifiers, entity: name)
        markFilterable(&fields, methods: methods, entity: name)
        for field in fields where !field.type.isMapped {
            warn("field '\(field.name)' of entity '\(name)' has type '\(field.typeName)', which is not mapped; its values are kept as text", line: field.line)
        }
        return BDCEntity(
            model: model, lobSystem: lobSystem.name, lobSystemType: lobSystem.type, namespace: namespace,
            name: name, identifiers: identifiers, fields: fields, line: node.line)
    }

    // MARK: Fields from the finder's return type

    /// The fields of the first method instance, in preference order, whose return type resolves.
    private mutating func rowFields(entity: String, methods: [XMLElementNode]) -> [BDCField] {
        var instances: [(method: XMLElementNode, instance: XMLElementNode)] = []
        for method in methods {
            for instance in method.child("MethodInstances", in: ns)?.children("MethodInstance", in: ns) ?? [] {
                instances.append((method, instance))
            }
        }
        func ofType(_ type: String) -> [(method: XMLElementNode, instance: XMLElementNode)] {
            let matching = instances.filter { $0.instance.attribute("Type")?.lowercased() == type.lowercased() }
            return matching.filter { $0.instance.flag("Default") } + matching.filter { !$0.instance.flag("Default") }
        }
        let candidates = ofType("SpecificFinder") + ofType("Finder")
        guard !candidates.isEmpty else {
            warn("entity '\(entity)' has no SpecificFinder or Finder method instance, so it has no fields", line: node.line)
            return []
        }
        for candidate in candidates {
            if let row = rowType(method: candidate.method, instance: candidate.instance) {
                return fields(of: row, entity: entity)
            }
        }
        warn("no SpecificFinder or Finder of entity '\(entity)' has a usable return type, so it has no fields", line: node.line)
        return []
    }

    /// The `TypeDescriptor` of one returned item, or nil (with a warning) when the instance does not resolve.
    private mutating func rowType(method: XMLElementNode, instance: XMLElementNode) -> XMLElementNode? {
        let instanceName = instance.attribute("Name") ?? method.attribute("Name") ?? "?"
        let returns = (method.child("Parameters", in: ns)?.children("Parameter", in: ns) ?? [])
            .filter { $0.attribute("Direction")?.lowercased() == "return" }
        let parameter: XMLElementNode?
        if let wanted = instance.attribute("ReturnParameterName") {
            parameter = returns.first { $0.attribute("Name") == wanted }
                ?? returns.first { $0.attribute("Name")?.lowercased() == wanted.lowercased() }
        } else {
            parameter = returns.count == 1 ? returns[0] : nil
        }
        guard let parameter else {
            warn("method instance '\(instanceName)' names return parameter '\(instance.attribute("ReturnParameterName") ?? "")', which its method does not have", line: instance.line)
            return nil
        }
        guard let root = parameter.child("TypeDescriptor", in: ns) else {
            warn("return parameter '\(parameter.attribute("Name") ?? "")' of method instance '\(instanceName)' has no TypeDescriptor", line: parameter.line)
            return nil
        }
        var row = root
        if let path = instance.attribute("ReturnTypeDescriptorPath")?.trimmingBlanks, !path.isEmpty {
            if let target = follow(path: path, from: root) {
                row = target
            } else {
                warn("ReturnTypeDescriptorPath '\(path)' of method instance '\(instanceName)' does not match its return type; using the root TypeDescriptor", line: instance.line)
            }
        }
        // A Finder returns a collection of items; the fields are the item's.
        while row.flag("IsCollection"), let element = typeDescriptors(of: row).first {
            row = element
        }
        return row
    }

    /// Follows a `ReturnTypeDescriptorPath` such as `Read Item[0]` or
    /// `Customers.Customer`: dot-separated TypeDescriptor names from the root,
    /// each `[n]` stepping into a collection's element.
    private func follow(path: String, from root: XMLElementNode) -> XMLElementNode? {
        var current: XMLElementNode? = nil
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(segment)
            var elementSteps = 0
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard name[name.index(after: open)..<name.index(before: name.endIndex)].allSatisfy(\.isNumber) else { return nil }
                name = name[..<open]
                elementSteps += 1
            }
            let wanted = String(name).trimmingBlanks.lowercased()
            if let parent = current {
                guard let next = typeDescriptors(of: parent).first(where: { $0.attribute("Name")?.lowercased() == wanted }) else { return nil }
                current = next
            } else {
                guard root.attribute("Name")?.lowercased() == wanted else { return nil }
                current = root
            }
            for _ in 0..<elementSteps {
                guard let element = current.flatMap({ typeDescriptors(of: $0).first }) else { return nil }
                current = element
            }
        }
        return current
    }

    private func typeDescriptors(of descriptor: XMLElementNode) -> [XMLElementNode] {
        Self.typeDescriptors(of: descriptor)
    }

    private static func typeDescriptors(of descriptor: XMLElementNode) -> [XMLElementNode] {
        let ns = BDCModelReader.namespace
        return descriptor.child("TypeDescriptors", in: ns)?.children("TypeDescriptor", in: ns) ?? []
    }

    /// The leaf TypeDescriptors under `row` (or `row` itself when it is a leaf), as fields.
    private mutating func fields(of row: XMLElementNode, entity: String) -> [BDCField] {
        var leaves: [XMLElementNode] = []
        func collect(_ descriptor: XMLElementNode) {
            let children = Self.typeDescriptors(of: descriptor)
            if children.isEmpty { leaves.append(descriptor) } else { children.forEach(collect) }
        }
        collect(row)

        var fields: [BDCField] = []
        var seen: Set<String> = []
        for leaf in leaves {
            let name = leaf.attribute("Name")?.trimmingBlanks ?? ""
            guard !name.isEmpty else {
                warn("a TypeDescriptor of entity '\(entity)' has no Name; it is not a field", line: leaf.line)
                continue
            }
            guard seen.insert(name.lowercased()).inserted else {
                warn("entity '\(entity)' has two fields named '\(name)'; the first is used", line: leaf.line)
                continue
            }
            var typeName = leaf.attribute("TypeName")?.trimmingBlanks ?? ""
            if typeName.isEmpty {
                warn("field '\(name)' of entity '\(entity)' has no TypeName; read as System.String", line: leaf.line)
                typeName = "System.String"
            }
            // IdentifierName with IdentifierEntityName naming another entity is a
            // foreign key, not this entity's identity.
            var identifierName = leaf.attribute("IdentifierName")?.trimmingBlanks
            if let other = leaf.attribute("IdentifierEntityName")?.trimmingBlanks, !other.isEmpty,
                other.lowercased() != entity.lowercased()
            {
                identifierName = nil
            }
            if identifierName?.isEmpty == true { identifierName = nil }
            fields.append(BDCField(
                name: name, typeName: typeName, identifierName: identifierName,
                size: size(of: leaf, field: name), readOnly: leaf.flag("ReadOnly"), line: leaf.line))
        }
        return fields
    }

    /// The `Size` property of a TypeDescriptor, when it is a whole number.
    private mutating func size(of descriptor: XMLElementNode, field: String) -> Int? {
        let properties = descriptor.child("Properties", in: ns)?.children("Property", in: ns) ?? []
        guard let property = properties.first(where: { $0.attribute("Name") == "Size" }) else { return nil }
        guard let size = Int(property.text.trimmingBlanks), size >= 0 else {
            warn("the Size of field '\(field)' is '\(property.text.trimmingBlanks)', not a length; ignored", line: property.line)
            return nil
        }
        return size
    }

    // MARK: Identifiers and filters

    /// Checks each field's IdentifierName and gives every identifier its
    /// field: SharePoint Designer models sometimes leave IdentifierName off
    /// the return type, so a field named exactly like an unlinked identifier
    /// carries it.
    private mutating func link(_ fields: inout [BDCField], to identifiers: [BDCIdentifier], entity: String) {
        let known = Set(identifiers.map { $0.name.lowercased() })
        for index in fields.indices {
            if let linked = fields[index].identifierName, !known.contains(linked.lowercased()) {
                warn("field '\(fields[index].name)' names identifier '\(linked)', which entity '\(entity)' does not have", line: fields[index].line)
                fields[index].identifierName = nil
            }
        }
        guard !fields.isEmpty else { return }
        for identifier in identifiers {
            let key = identifier.name.lowercased()
            var found = fields.firstIndex { $0.identifierName?.lowercased() == key }
            if found == nil, let byName = fields.firstIndex(where: { $0.name.lowercased() == key && $0.identifierName == nil }) {
                fields[byName].identifierName = identifier.name
                warn("field '\(fields[byName].name)' has no IdentifierName; linked to identifier '\(identifier.name)' by its name", line: fields[byName].line)
                found = byName
            }
            guard let index = found else {
                warn("identifier '\(identifier.name)' of entity '\(entity)' has no field in the finder's return type", line: node.line)
                continue
            }
            if fields[index].type != identifier.type {
                warn("field '\(fields[index].name)' is \(fields[index].type.dotNetName) but identifier '\(identifier.name)' is \(identifier.type.dotNetName); the field's type is used", line: fields[index].line)
            }
        }
    }

    /// Marks the fields a `Comparison` filter descriptor filters on: the
    /// descriptor's `FilterField`, or the name (or identifier) of the
    /// parameter TypeDescriptor whose `AssociatedFilter` names it.
    private mutating func markFilterable(_ fields: inout [BDCField], methods: [XMLElementNode], entity: String) {
        for method in methods {
            let filters = (method.child("FilterDescriptors", in: ns)?.children("FilterDescriptor", in: ns) ?? [])
                .filter { $0.attribute("Type")?.lowercased() == "comparison" }
            guard !filters.isEmpty else { continue }
            var descriptors: [XMLElementNode] = []
            func collect(_ descriptor: XMLElementNode) {
                descriptors.append(descriptor)
                Self.typeDescriptors(of: descriptor).forEach(collect)
            }
            for parameter in method.child("Parameters", in: ns)?.children("Parameter", in: ns) ?? [] {
                parameter.child("TypeDescriptor", in: ns).map(collect)
            }
            for filter in filters {
                let filterName = filter.attribute("Name") ?? ""
                var targets: [String] = []
                if let field = filter.attribute("FilterField")?.trimmingBlanks, !field.isEmpty { targets.append(field) }
                for descriptor in descriptors where descriptor.attribute("AssociatedFilter") == filterName && !filterName.isEmpty {
                    if let identifier = descriptor.attribute("IdentifierName"),
                        let carrier = fields.first(where: { $0.identifierName?.lowercased() == identifier.lowercased() })
                    {
                        targets.append(carrier.name)
                    } else if let name = descriptor.attribute("Name") {
                        targets.append(name)
                    }
                }
                var matched = false
                for target in targets {
                    for index in fields.indices where fields[index].name.lowercased() == target.lowercased() {
                        fields[index].filterable = true
                        matched = true
                    }
                }
                if !matched {
                    warn("comparison filter '\(filterName)' of entity '\(entity)' filters on no field of its return type", line: filter.line)
                }
            }
        }
    }
}
