import Foundation
import XCTest

/// The DocC getting-started article shows README.md's library snippet, which `ReadmeLibrarySnippetTests` compiles
/// and checks against the overlap fixture's oracle: the article may not drift from it.
final class GettingStartedArticleTests: XCTestCase {
    func testArticleShowsTheReadmeSnippet() throws {
        let root = ReadmeLibrarySnippetTests.repositoryRoot
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let article = try String(
            contentsOf: root.appendingPathComponent("Sources/MineScreenKit/MineScreenKit.docc/GettingStarted.md"),
            encoding: .utf8)
        let readmeSnippets = swiftBlocks(readme)
        let articleSnippets = swiftBlocks(article)
        XCTAssertEqual(readmeSnippets.count, 1, "README.md should hold one Swift snippet")
        XCTAssertEqual(articleSnippets.count, 1, "GettingStarted.md should hold one Swift snippet")
        XCTAssertEqual(articleSnippets.first, readmeSnippets.first)
    }

    private func swiftBlocks(_ markdown: String) -> [String] {
        markdown.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
    }
}
