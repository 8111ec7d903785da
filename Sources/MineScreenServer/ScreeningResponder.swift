import Foundation
import Hummingbird
import MineScreenKit
import NIOCore

/// Answers every request of the service: routes by path and method (404 for an unknown path, 405 with `Allow` for
/// a known path and another method), checks the bearer token, bounds the body (413), logs one line per request.
/// Screening runs on worker threads, never on the server's event loops: at most four requests per core at once
/// (a flood of requests would otherwise start a thread and hold a body's memory each), the others wait their turn
/// in order. Four, not one: a slow request (a whole city's blocks) must not hold up the single blocks behind it.
struct ScreeningResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let settings: ServeSettings
    let store: SnapshotStore
    let workers: OperationQueue

    init(settings: ServeSettings, store: SnapshotStore) {
        self.settings = settings
        self.store = store
        workers = OperationQueue()
        workers.name = "minescreen-serve screening"
        workers.maxConcurrentOperationCount = 4 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Path → the methods it answers.
    static let routes: [String: [HTTPRequest.Method]] = [
        "/": [.get], "/healthz": [.get], "/openapi.json": [.get], "/v1/screen": [.post], "/v1/reload": [.post],
    ]

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = Date()
        let path = request.uri.path
        var reply = await answer(request, path: path)
        // A body may be left unread (an early 4xx): the connection is then closed rather than reused.
        if reply.status >= 400, request.method == .post { reply.closeConnection = true }
        ServiceLog.request(method: request.method.rawValue, path: path, status: reply.reply.status, blocks: reply.reply.blocks,
                           milliseconds: Date().timeIntervalSince(started) * 1000)
        var headers = HTTPFields()
        headers[.contentType] = reply.reply.contentType
        if let allow = reply.allow { headers[.allow] = allow }
        if reply.reply.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        if reply.closeConnection { headers[.connection] = "close" }
        // A HEAD answer carries the GET answer's status and headers; its length is said, its body not sent.
        if request.method == .head {
            headers[.contentLength] = String(reply.reply.body.count)
            return Response(status: .init(code: reply.reply.status), headers: headers, body: .init())
        }
        return Response(status: .init(code: reply.reply.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: reply.reply.body)))
    }

    private struct Answer {
        var reply: ScreenRequest.Reply
        var allow: String?
        var closeConnection = false
        var status: Int { reply.status }
    }

    private func answer(_ request: Request, path: String) async -> Answer {
        guard let methods = Self.routes[path] else {
            return Answer(reply: .error(404, "no such path: \(path) (see GET /openapi.json)"))
        }
        // HEAD is GET without the body (RFC 9110 §9.3.2), for health checks and link checkers.
        let answersHead = methods.contains(.get)
        guard methods.contains(request.method) || (request.method == .head && answersHead) else {
            let allow = (methods + (answersHead ? [.head] : [])).map(\.rawValue).joined(separator: ", ")
            return Answer(reply: .error(405, "\(request.method.rawValue) is not allowed on \(path); use \(allow)"), allow: allow)
        }
        if let token = settings.token, path != "/healthz", !Self.authorised(request, token: token) {
            return Answer(reply: .error(401, "this service needs Authorization: Bearer <token>"))
        }
        switch path {
        case "/healthz":
            return Answer(reply: .json(200, store.current.health(lastReload: store.lastReload)))
        case "/openapi.json":
            return Answer(reply: ScreenRequest.Reply(status: 200, contentType: "application/json; charset=utf-8",
                                                     body: Array(OpenAPIDocument.text.utf8)))
        case "/":
            return Answer(reply: ScreenRequest.Reply(status: 200, contentType: "text/html; charset=utf-8",
                                                     body: Array(AnalystPage.html.utf8)))
        case "/v1/reload":
            let store = self.store
            let outcome = await Self.offload { store.reload() }
            var members: [(key: String, value: JSONValue)] = [("reload", outcome.json)]
            if case .object(let health) = store.current.health(lastReload: outcome) { members = health }
            return Answer(reply: .json(outcome.ok ? 200 : 500, .object(members)))
        default:
            return Answer(reply: await screen(request))
        }
    }

    private func screen(_ request: Request) async -> ScreenRequest.Reply {
        let query = request.uri.queryParameters
        let format = query.get("format").map { ScreenRequest.Format(rawValue: $0) } ?? .json
        guard let format else {
            return .error(400, "format=\(query.get("format") ?? ""): expected json, html, xlsx or remainder")
        }
        let limit = settings.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            return .error(413, "the body has \(length) bytes, more than the \(limit) allowed (--max-body-mb)")
        }
        var body: [UInt8]
        do {
            let buffer = try await request.body.collect(upTo: limit)
            body = Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            return .error(413, "the body is longer than the \(limit) bytes allowed (--max-body-mb)")
        } catch {
            return .error(400, "could not read the body: \(error)")
        }
        if body.isEmpty { return .error(400, "empty body: send GeoJSON, a 坐标文件 (text/plain) or a zipped Shapefile") }
        let remainder = query.get("remainder").map { ["1", "true", "yes"].contains($0.lowercased()) } ?? false
        let target = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
        let screenRequest = ScreenRequest(body: body, contentType: request.headers[.contentType],
                                          idField: query.get("id-field"), nameField: query.get("name-field"),
                                          withRemainder: remainder, format: format,
                                          command: ["serve", request.method.rawValue, target])
        body = []
        let snapshot = store.current
        let threads = settings.threads
        return await Self.offload(on: workers) { screenRequest.run(on: snapshot, threads: threads, maxUnzippedBytes: 8 * limit) }
    }

    static func authorised(_ request: Request, token: String) -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        // Compared in full whatever the first difference, so timing tells nothing about the token.
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Runs blocking work (reading layers, screening) on `queue`, or on a dispatch queue, and waits for it without
    /// blocking.
    static func offload<T>(on queue: OperationQueue? = nil, _ work: @escaping () -> T) async -> T {
        let box = UncheckedBox(work)
        return await withCheckedContinuation { (continuation: CheckedContinuation<UncheckedBox<T>, Never>) in
            let run: @Sendable () -> Void = { continuation.resume(returning: UncheckedBox(box.value())) }
            if let queue { queue.addOperation(run) } else { DispatchQueue.global().async(execute: run) }
        }.value
    }
}

/// Carries a value the compiler cannot prove Sendable across the hop to a dispatch queue and back; only one side
/// uses it at a time.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
