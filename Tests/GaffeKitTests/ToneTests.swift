import Testing
@testable import GaffeKit

struct ToneTests {
    @Test func saleCopyIsPromotional() {
        let tone = Tone.of("20% off everything in case you're bored in the storm. Shop now with code STORM20!")
        #expect(tone.isPromotional)
        #expect(Set(tone.promotional.map(\.kind)) == ["phrase", "percent-off", "code"])
        #expect(tone.promotional.contains { $0.text == "Shop now" })
    }

    @Test func condolenceIsSympathetic() {
        let tone = Tone.of("Our hearts go out to everyone affected by the storm. Please stay safe and follow emergency services.")
        #expect(tone.isSympathetic)
        #expect(!tone.isPromotional)
    }

    @Test func plainCommunityPostIsNeither() {
        let tone = Tone.of("Thanks to everyone who joined our meetup in Denver last night!")
        #expect(!tone.isPromotional && !tone.isSympathetic)
    }

    @Test func pricesAndCodesAreEvidence() {
        #expect(Tone.of("Now just $19.99").promotional.map(\.kind) == ["price"])
        #expect(Tone.of("Use code SAVE20 at checkout").promotional.map(\.kind).contains("code"))
        #expect(Tone.of("Only 12 euros").promotional.map(\.kind) == ["price"])
    }

    @Test func wordsMustBeWhole() {
        // "sales" is not the phrase "sale", and "offering" is not "offer".
        #expect(Tone.of("Our sales team is offering support").promotional.isEmpty)
    }

    @Test func signalRangesSliceTheText() {
        let text = "Café news: flash sale today only!"
        let tone = Tone.of(text)
        let bytes = Array(text.utf8)
        for signal in tone.promotional {
            #expect(String(decoding: bytes[signal.range], as: UTF8.self).lowercased() == signal.text.lowercased())
        }
        #expect(tone.promotional.map { $0.text.lowercased() } == ["flash sale", "today only"])
    }
}
