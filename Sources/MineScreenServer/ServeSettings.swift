/// How `minescreen serve` was asked to run.
public struct ServeSettings: Sendable {
    public var rulesPath: String
    public var host: String
    /// 0 picks a free port; the one taken is printed (`listening on http://HOST:PORT`).
    public var port: Int
    /// Worker threads of each request's screening run.
    public var threads: Int
    /// Largest request body accepted (bytes); larger ones get 413.
    public var maxBodyBytes: Int
    /// When set, every request but `GET /healthz` needs `Authorization: Bearer <token>`.
    public var token: String?
    /// Seconds a connection may stay silent while its request is being read, or idle between requests, before it
    /// is closed: a stalled client neither holds a connection for ever nor keeps SIGTERM from stopping the server.
    /// A request being screened is never cut.
    public var idleTimeoutSeconds: Double

    public init(rulesPath: String, host: String = "127.0.0.1", port: Int = 8080, threads: Int, maxBodyBytes: Int,
                token: String? = nil, idleTimeoutSeconds: Double = 60) {
        self.rulesPath = rulesPath
        self.host = host
        self.port = port
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.token = token
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}
