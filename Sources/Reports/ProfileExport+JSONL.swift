import JSONText
import ProfileCore

extension ProfileExportWriter {
    /// JSON Lines: per profile `{"anchor","connection","account","dn","state",
    /// ("reason"),"properties":{name: value or [values]}}`, properties in the
    /// profile's order; one value is a string, several (or none) an array.
    mutating func appendJSONL(_ profile: Profile) {
        json.reset()
        json.beginObject()
        json.key("anchor"); json.string(profile.key.anchor)
        json.key("connection"); json.string(profile.key.connection)
        json.key("account"); json.string(profile.account)
        json.key("dn"); json.string(profile.dn)
        json.key("state"); json.string(profile.state.rawValue)
        if let reason = profile.reason {
            json.key("reason"); json.string(reason.rawValue)
        }
        json.key("properties"); json.beginObject()
        for property in profile.properties {
            json.key(property.name)
            if property.values.count == 1 {
                json.string(property.values[0])
            } else {
                json.beginArray()
                for value in property.values { json.string(value) }
                json.endArray()
            }
        }
        json.endObject()
        json.endObject()
        json.appendNewline()
        json.withBytes { bytes.append(contentsOf: $0) }
    }
}
