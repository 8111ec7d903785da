import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class RectifyClassificationTests: XCTestCase {
    let rules = try! RectifyRules.parse("""
        as_of: 2025-06-30
        min_service_years: 5
        long_stopped_years: 1.5
        safety_distance_m: 300
        min_scale: {铁矿: 30}
        open_pit_quarry: {minerals: [建筑石料用灰岩], min_scale: 50}
        medium_scale: {铁矿: 60}
        """, file: "r.yaml")

    func feature(_ overrides: [String: JSONValue]) -> Feature {
        var properties: [String: JSONValue] = [
            "采矿许可证号": .string("C1"), "采矿权人": .string("甲"), "开采矿种": .string("铁矿"), "生产规模": .number(40),
            "采矿许可证有效期": .string("2030-12-31"), "剩余可采资源量": .number(400), "安全生产许可证号": .string("S1"),
        ]
        for (k, v) in overrides { properties[k] = v }
        return Feature(index: 7, id: "C1", properties: properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, geometry: nil)
    }

    func mine(_ overrides: [String: JSONValue]) throws -> RectifyMine {
        try RectifyMine.read(feature(overrides), fields: rules.fields).get()
    }

    func codes(_ overrides: [String: JSONValue]) throws -> [String] {
        RectifyClassification.attributeReasons(try mine(overrides), rules: rules, fields: rules.fields).map(\.code)
    }

    func reason(_ code: String) -> RectifyReason { RectifyReason(code, code) }

    func testBadAttributesNameTheField() {
        func problem(_ overrides: [String: JSONValue]) -> String? {
            if case .failure(let e) = RectifyMine.read(feature(overrides), fields: rules.fields) { return e.description }
            return nil
        }
        XCTAssertEqual(problem(["生产规模": .string("三十")]), "attribute 生产规模: \"三十\" is not a number")
        XCTAssertEqual(problem(["剩余可采资源量": .number(-1)]), "attribute 剩余可采资源量: -1 is negative")
        XCTAssertEqual(problem(["采矿许可证有效期": .string("2025-02-30")]), "attribute 采矿许可证有效期: \"2025-02-30\" is not a date YYYY-MM-DD")
        XCTAssertEqual(problem(["采矿许可证有效期": .null]), "attribute 采矿许可证有效期: missing (the mine has a licence)")
        XCTAssertEqual(problem(["生产状态": .string("停产")]), "attribute 停产日期: missing (生产状态 is 停产)")
        XCTAssertEqual(problem(["开采矿种": .string(" ")]), "attribute 开采矿种: missing")
        // A number written as text is a number; no licence needs no expiry date.
        XCTAssertNil(problem(["生产规模": .string(" 40 ")]))
        XCTAssertNil(problem(["采矿许可证号": .string(""), "采矿许可证有效期": .null]))
    }

    func testEachAttributeRuleOnItsOwn() throws {
        XCTAssertEqual(try codes([:]), [])
        XCTAssertEqual(try codes(["采矿许可证号": .null]), ["no-licence"])
        XCTAssertEqual(try codes(["安全生产许可证号": .string("")]), ["no-safety-licence"])
        // Valid through its last day.
        XCTAssertEqual(try codes(["采矿许可证有效期": .string("2025-06-30")]), [])
        XCTAssertEqual(try codes(["采矿许可证有效期": .string("2025-06-29")]), ["licence-expired"])
        // Exhausted only while the licence is valid; 0 years of service is short too.
        XCTAssertEqual(try codes(["剩余可采资源量": .number(0)]), ["resources-exhausted", "short-service-life"])
        XCTAssertEqual(try codes(["剩余可采资源量": .number(0), "采矿许可证有效期": .string("2020-01-01")]), ["licence-expired", "short-service-life"])
        // 1.5 years = 18 calendar months, at least: on the day counts (31 Dec + 18 months is 30 June).
        XCTAssertEqual(try codes(["生产状态": .string("停产整顿"), "停产日期": .string("2023-12-31")]), ["long-stopped"])
        XCTAssertEqual(try codes(["生产状态": .string("停产"), "停产日期": .string("2024-01-01")]), [])
        XCTAssertEqual(try codes(["生产规模": .number(29.9), "剩余可采资源量": .number(299)]), ["below-min-scale"])
        XCTAssertEqual(try codes(["生产规模": .number(30), "剩余可采资源量": .number(300)]), [])
        // The quarry threshold applies to open-pit quarries only; other minerals have none.
        XCTAssertEqual(try codes(["开采矿种": .string("建筑石料用灰岩"), "开采方式": .string("露天")]), ["below-min-scale"])
        XCTAssertEqual(try codes(["开采矿种": .string("建筑石料用灰岩"), "开采方式": .string("地下")]), [])
        XCTAssertEqual(try codes(["剩余可采资源量": .number(199.9)]), ["short-service-life"])
        XCTAssertEqual(try codes(["剩余可采资源量": .number(200)]), [])
        XCTAssertEqual(try codes(["生产状态": .string("基建"), "基建期至": .string("2025-06-29")]), ["construction-overdue"])
        XCTAssertEqual(try codes(["生产状态": .string("基建"), "基建期至": .string("2025-06-30")]), [])
    }

    func testUpgradePlanNeedsMediumScaleAndServiceLifeAtThePlannedScale() throws {
        XCTAssertNotNil(RectifyClassification.upgradePlan(try mine(["生产规模": .number(20), "提升改造后生产规模": .number(60), "剩余可采资源量": .number(300)]), rules: rules))
        XCTAssertNil(RectifyClassification.upgradePlan(try mine(["生产规模": .number(20), "提升改造后生产规模": .number(59), "剩余可采资源量": .number(600)]), rules: rules))
        XCTAssertNil(RectifyClassification.upgradePlan(try mine(["生产规模": .number(20), "提升改造后生产规模": .number(60), "剩余可采资源量": .number(299)]), rules: rules))
        XCTAssertNil(RectifyClassification.upgradePlan(try mine(["开采矿种": .string("铝土矿"), "提升改造后生产规模": .number(100)]), rules: rules))
    }

    func testPrecedenceCloseExitConsolidateUpgradeKeep() {
        func category(_ codes: [String]) -> RectifyCategory { RectifyClassification.category(codes.map(reason)) }
        XCTAssertEqual(category([]), .keep)
        XCTAssertEqual(category(["too-close", "long-stopped", "licence-expired"]), .close)
        XCTAssertEqual(category(["too-close", "long-stopped"]), .exit)
        XCTAssertEqual(category(["below-min-scale", "upgrade-plan"]), .upgrade)
        XCTAssertEqual(category(["below-min-scale", "short-service-life", "upgrade-plan"]), .upgrade)
        // A plan does not answer other exit reasons, nor a missing plan the scale.
        XCTAssertEqual(category(["below-min-scale", "long-stopped", "upgrade-plan"]), .exit)
        XCTAssertEqual(category(["below-min-scale"]), .exit)
        XCTAssertEqual(category(["below-min-scale", "upgrade-plan", "shared-orebody"]), .consolidate)
    }

    func testGroupsAreConnectedComponents() {
        XCTAssertEqual(RectifyEngine.components(count: 6, links: [(4, 5), (0, 2), (2, 3)]), [[0, 2, 3], [1], [4, 5]])
    }
}
