import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Answers a request head carrying `Expect: 100-continue` with `100 Continue`, so a client that asks before sending a
/// large body (curl does above 1 MB) sends it at once instead of waiting for its own timeout. Not answered when the
/// declared `Content-Length` is over the body limit: the responder then answers 413 without reading the body, and the
/// client need not send it at all.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let maxBodyBytes: Int

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), Self.wantsContinue(head, maxBodyBytes: maxBodyBytes) {
            // Written from here toward the codec: the interim head is not a response the connection state counts.
            context.writeAndFlush(NIOAny(HTTPResponsePart.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }

    /// Whether `head` asks for `100 Continue` and its declared length (if any) is within the limit.
    static func wantsContinue(_ head: HTTPRequest, maxBodyBytes: Int) -> Bool {
        guard let expect = head.headerFields[.expect], expect.lowercased() == "100-continue" else { return false }
        if let length = head.headerFields[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes { return false }
        return true
    }
}
