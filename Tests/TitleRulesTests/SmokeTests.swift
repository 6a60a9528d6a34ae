import Testing
import RosterData
@testable import TitleRules

@Test func zhangWeiIsEligible() {
    let e = eval(zhangWei)
    for r in e.rules + e.materials + e.process { print(r.id, r.outcome, r.message, r.missing) }
    print(e.ceYears as Any, e.tableRows.map { "\($0.rowID) \($0.satisfied) \($0.message)" })
    #expect(e.verdict == .eligible)
    #expect(e.ceYears == 4)
}
