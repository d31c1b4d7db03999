import Testing
@testable import LagebildTime

@Suite struct TimeMLTests {
    static let file = """
        <?xml version="1.0" ?><TimeML>
        <DOCID>x</DOCID>
        <DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2025-11-02">02.11.2025</TIMEX3></DCT>
        <TEXT>
        Am <TIMEX3 tid="t1" type="DATE" value="2025-11-01">Samstag</TIMEX3> trafen sich Hegseth &amp; Dong, \
        <TIMEX3 tid="t2" type="DURATION" value="PT3H">drei Stunden</TIMEX3> lang.
        </TEXT>
        </TimeML>

        """

    @Test func readsTheTextTheDCTAndTheAnnotations() throws {
        let document = try TimeMLDocument(bytes: Array(Self.file.utf8))
        #expect(document.creationTime == "2025-11-02")
        #expect(document.plainText == "\nAm Samstag trafen sich Hegseth &amp; Dong, drei Stunden lang.\n")
        #expect(document.timexes.map(\.value) == ["2025-11-01", "PT3H"])
        #expect(document.timexes.map(\.kind) == [.date, .duration])
        let text = document.plainText.utf8
        let first = document.timexes[0].range
        #expect(String(decoding: Array(text)[first], as: UTF8.self) == "Samstag")
    }

    @Test func renderingKeepsTheTextByteIdentical() throws {
        let document = try TimeMLDocument(bytes: Array(Self.file.utf8))
        let bare = document.rendered(with: [])
        #expect(!String(decoding: bare, as: UTF8.self).contains("<TIMEX3 tid=\"t1\""))
        let again = try TimeMLDocument(bytes: bare)
        #expect(again.text == document.text)
        #expect(again.timexes.isEmpty)
        // Rendering the annotations back gives a file that reads as the original.
        let annotated = try TimeMLDocument(bytes: document.rendered(with: document.timexes))
        #expect(annotated.text == document.text)
        #expect(annotated.timexes.map(\.range) == document.timexes.map(\.range))
        #expect(annotated.timexes.map(\.value) == document.timexes.map(\.value))
    }

    @Test func brokenFilesAreReported() {
        #expect(throws: TimeMLDocument.ParseError.self) { try TimeMLDocument(bytes: Array("<TimeML>no text</TimeML>".utf8)) }
        #expect(throws: TimeMLDocument.ParseError.self) { try TimeMLDocument(bytes: Array("<TEXT>a <TIMEX3 value=\"x\">b</TEXT>".utf8)) }
        #expect(throws: TimeMLDocument.ParseError.self) { try TimeMLDocument(bytes: Array("<TEXT>a </TIMEX3></TEXT>".utf8)) }
    }
}

@Suite struct TimexScoreTests {
    func timex(_ range: Range<Int>, _ kind: Timex.Kind, _ value: String) -> Timex { Timex(range: range, kind: kind, value: value) }

    @Test func strictRelaxedTypeAndValue() {
        let gold = [timex(0..<10, .date, "2025-11-01"), timex(20..<30, .duration, "P5Y"), timex(40..<45, .date, "2025")]
        let system = [
            timex(0..<10, .date, "2025-11-01"),  // strict, type and value right
            timex(22..<30, .duration, "P4Y"),  // relaxed only, type right, value wrong
            timex(50..<55, .time, "T10:00"),  // spurious
        ]
        var score = TimexScore()
        score.add(gold: gold, system: system)
        #expect(score.strict == .init(correct: 1, system: 3, gold: 3))
        #expect(score.relaxed == .init(correct: 2, system: 3, gold: 3))
        #expect(score.type.correct == 2)
        #expect(score.value.correct == 1)
        #expect(abs(score.relaxed.f1 - 2.0 / 3.0) < 1e-9)
    }

    @Test func emptyAnnotationsAreNotScored() throws {
        let document = try TimeMLDocument(bytes: Array("<TEXT>Am <TIMEX3 tid=\"t5\" type=\"DATE\" value=\"1945\"/>Montag</TEXT>".utf8))
        #expect(document.timexes.count == 1)
        #expect(document.timexes[0].range.isEmpty)
        var score = TimexScore()
        score.add(gold: document.timexes, system: [])
        #expect(score.relaxed.gold == 0)
    }

    @Test func aSystemExpressionMatchesOneGoldAtMost() {
        var score = TimexScore()
        score.add(gold: [timex(0..<5, .date, "a"), timex(6..<10, .date, "b")], system: [timex(0..<10, .date, "a")])
        #expect(score.relaxed.correct == 1)
        #expect(score.value.correct == 1)
    }
}
