import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Answers a request head carrying `Expect: 100-continue` with `100 Continue`, so a client that asks before sending a
/// large body (curl does above 1 MB) sends it at once instead of waiting for its own timeout. Not answered when the
/// declared `Content-Length` is over the body limit: the responder then answers 413 without reading the body, and the
/// client need not send it at all. Nor while an earlier request on the connection is still unanswered (pipelining):
/// the interim answer would land amid that request's response; such a client sends its body after its own wait.
final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodyBytes: Int
    /// Request heads read minus responses ended, on this connection (touched on its event loop only).
    private var unanswered = 0

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            unanswered += 1
            if unanswered == 1, Self.wantsContinue(head, maxBodyBytes: maxBodyBytes) {
                // Written from here toward the codec: the interim head is not a response the connection state counts.
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    /// Whether `head` asks for `100 Continue` and its declared length (if any) is within the limit.
    static func wantsContinue(_ head: HTTPRequest, maxBodyBytes: Int) -> Bool {
        guard let expect = head.headerFields[.expect], expect.lowercased() == "100-continue" else { return false }
        if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes { return false }
        return true
    }
}
