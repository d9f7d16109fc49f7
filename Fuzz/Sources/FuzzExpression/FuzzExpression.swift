import ProfileCore

/// libFuzzer entry point: parses the input as a mapping expression and, when
/// it parses, evaluates it against fixed attribute values — text, numbers,
/// dates, DNs, proxy addresses, a GUID and a SID — so every function sees
/// both the values it expects and the ones it must refuse with a warning.
/// Non-UTF-8 input is repaired as `String(decoding:)` does, since expression
/// text always comes from a decoded configuration file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let expression = try? Expression(text) else { return 0 }
    _ = expression.references.count
    let result = expression.evaluate(in: FuzzValues.context)
    _ = result.warnings.count
    return 0
}

/// The values every reference resolves to, by lowercased attribute name
/// (the connection part is ignored); unknown names resolve to no value.
enum FuzzValues {
    static let values: [String: [AttributeValue]] = [
        "mail": [.text("Ada.Lovelace@Contoso.com")],
        "cn": [.text("  Ada   Lovelace ")],
        "givenname": [.text("Ada")],
        "sn": [.text("Lovelace-Byron")],
        "displayname": [.text("Ädä Lövëlâce")],
        "department": [.text("")],
        "proxyaddresses": [.text("smtp:ada@old.contoso.com"), .text("SMTP:ada@contoso.com"), .text("x500:/o=Contoso")],
        "useraccountcontrol": [.text("66050")],
        "employeeid": [.text("00042")],
        "salary": [.text("-12.5e3")],
        "big": [.text("9223372036854775807")],
        "small": [.text("-9223372036854775808")],
        "accountexpires": [.text("9223372036854775807")],
        "lastlogontimestamp": [.text("133500000000000000")],
        "whencreated": [.text("20240101120000.0Z")],
        "hiredate": [.text("2024-02-29")],
        "manager": [.text("CN=Grace Hopper\\, RDML,OU=Staff,DC=contoso,DC=com")],
        "distinguishedname": [.text("CN=Ada Lovelace,OU=Staff,DC=contoso,DC=com")],
        "objectguid": [.binary([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10])],
        "objectsid": [.binary([0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07, 0x18, 0x29, 0x3A, 0x4B, 0x5C, 0xE8, 0x03, 0x00, 0x00])],
        "thumbnailphoto": [.binary([0xFF, 0xD8, 0xFF, 0x00, 0xC3])],
        "base64": [.text("QWRhIExvdmVsYWNl")],
        "memberof": [.text("CN=A,DC=x"), .text("CN=B,DC=x"), .text("CN=A,DC=x")],
    ]

    static var context: ExpressionContext {
        ExpressionContext { reference in values[reference.attribute.lowercased()] ?? [] }
    }
}
