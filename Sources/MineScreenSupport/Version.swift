/// The version reports and provenance name.
public let minescreenVersion = "0.1.0"
