import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class RectifyRulesTests: XCTestCase {
    let minimal = "as_of: 2025-06-30\nmin_service_years: 5\nlong_stopped_years: 3\nsafety_distance_m: 300\n"

    func message(_ text: String) -> String? {
        do {
            _ = try RectifyRules.parse(text, file: "r.yaml")
            return nil
        } catch let error as InputError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    func testTheJinchengRulesFileReadsAsTranscribed() throws {
        let rules = try RectifyRules.load(path: Fixture.path("rectify/jincheng-rules.yaml"))
        XCTAssertEqual(rules.asOf.description, "2025-06-30")
        XCTAssertEqual(rules.minServiceYears, 5)
        XCTAssertEqual(rules.minScale, ["铝土矿": 30, "铁矿": 30, "水泥用灰岩": 30])
        XCTAssertEqual(rules.quarryMinScale, 50)
        XCTAssertTrue(rules.quarryMinerals.contains("建筑石料用灰岩"))
        XCTAssertEqual(rules.fields.licence, "采矿许可证号")
    }

    func testMissingOptionalKeysTakeDefaultsAndFieldsCanBeRenamed() throws {
        let rules = try RectifyRules.parse(minimal + "fields:\n  scale: 规模\n", file: "r.yaml")
        XCTAssertEqual(rules.beyondBoundaryToleranceM2, 0)
        XCTAssertTrue(rules.minScale.isEmpty)
        XCTAssertNil(rules.quarryMinScale)
        XCTAssertEqual(rules.fields.scale, "规模")
        XCTAssertEqual(rules.fields.reserves, "剩余可采资源量")
    }

    func testErrorsNameTheKeyAndTheLine() {
        XCTAssertEqual(message(minimal + "min_scal: {铁矿: 30}\n"),
                       "r.yaml:5: unknown key 'min_scal' in rules (allowed: \(RectifyRules.topLevelKeys.joined(separator: ", ")))")
        XCTAssertEqual(message(minimal.replacingOccurrences(of: "2025-06-30", with: "2025-02-30")), "r.yaml:1: as_of must be a date YYYY-MM-DD")
        XCTAssertEqual(message(minimal + "min_scale:\n  铁矿: 三十\n"), "r.yaml:6: min_scale.铁矿 must be a number")
        XCTAssertEqual(message(minimal.replacingOccurrences(of: "safety_distance_m: 300", with: "safety_distance_m: -1")),
                       "r.yaml:4: safety_distance_m must not be negative (got -1.0)")
        XCTAssertEqual(message("as_of: 2025-06-30\n"), "r.yaml:1: missing key min_service_years")
        XCTAssertEqual(message(minimal + "open_pit_quarry:\n  minerals: [建筑石料用灰岩]\n"), "r.yaml:6: open_pit_quarry: missing key min_scale")
        XCTAssertEqual(message(minimal + "fields:\n  licence_no: 证号\n"),
                       "r.yaml:6: unknown key 'licence_no' in fields (allowed: \(RectifyFields.keys.map(\.key).joined(separator: ", ")))")
        XCTAssertEqual(message(minimal + "min_scale:\n  铁矿: 30\n  铁矿: 40\n"), "r.yaml:7: min_scale: mineral 铁矿 given twice")
    }

    func testDatesParseStrictlyAndShiftByCalendarMonths() throws {
        XCTAssertNil(CivilDate.parse("2025-13-01"))
        XCTAssertNil(CivilDate.parse("2023-02-29"))
        XCTAssertNil(CivilDate.parse("25-01-01"))
        XCTAssertNil(CivilDate.parse("２０２５-01-01"))
        XCTAssertEqual(CivilDate.parse("2025/6/30")?.description, "2025-06-30")
        let leap = try XCTUnwrap(CivilDate.parse("2024-02-29"))
        XCTAssertEqual(leap.adding(months: 12).description, "2025-02-28")
        XCTAssertEqual(leap.adding(months: 48).description, "2028-02-29")
        XCTAssertEqual(try XCTUnwrap(CivilDate.parse("2022-11-30")).adding(months: 3).description, "2023-02-28")
        XCTAssertLessThan(try XCTUnwrap(CivilDate.parse("2025-06-29")), try XCTUnwrap(CivilDate.parse("2025-06-30")))
    }
}
