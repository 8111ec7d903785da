extension ProvenanceLog.Input {
    /// An input described by a caller that hashed it itself (the screening service: a request body, a layer
    /// hashed when it was loaded), to be listed with `ProvenanceLog.json(_:)`.
    public init(role: String, path: String, sha256: String, bytes: Int, features: Int?, rejected: Int?, crs: String?,
                files: [ProvenanceLog.FileDigest] = []) {
        self.init(role: role, path: path, sha256: sha256, bytes: bytes, features: features, rejected: rejected, crs: crs,
                  files: files, sequence: 0)
    }
}
