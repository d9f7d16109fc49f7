import ProfileCore

/// Loads inline YAML as `profilesync.yaml` in `/etc/profilesync`, so messages and paths are exact.
func loadConfiguration(_ yaml: String) throws(ConfigurationError) -> Configuration {
    try ConfigurationLoader.parse(yaml: yaml, file: "profilesync.yaml", directory: "/etc/profilesync")
}

/// The rendered diagnostics of a configuration that must not load; empty if it loaded.
func configurationErrors(_ yaml: String) -> [String] {
    do {
        _ = try loadConfiguration(yaml)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// A minimal valid configuration with one directory connection, to which tests add lines.
let minimalConfiguration = """
    store: profiles.db
    connections:
      - name: contoso
        type: ldif
        files: [contoso.ldif]

    """
