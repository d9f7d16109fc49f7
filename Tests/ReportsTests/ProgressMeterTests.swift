import Testing
@testable import Reports

@Suite struct ProgressMeterTests {
    final class Recorder {
        var now = 100.0
        var written: [String] = []
    }

    static func meter(_ recorder: Recorder, enabled: Bool = true, totalBytes: Int64? = 1000) -> ProgressMeter {
        ProgressMeter(
            label: "contoso.ldif", totalBytes: totalBytes, enabled: enabled, interval: 0.5,
            clock: { recorder.now }, output: { recorder.written.append($0) })
    }

    @Test func drawsRateShareAndETAAtMostEveryInterval() {
        let recorder = Recorder()
        let meter = Self.meter(recorder)
        meter.update(records: 10, bytes: 10)  // no time has passed: nothing drawn
        recorder.now += 2
        meter.update(records: 4000, bytes: 250)
        recorder.now += 0.1
        meter.update(records: 4100, bytes: 260)  // within the interval: skipped
        recorder.now += 2
        meter.update(records: 8000, bytes: 500)
        meter.finish()
        #expect(recorder.written == [
            "\r\u{1B}[Kcontoso.ldif: 4000 records · 2000/s · 25% · ETA 0:06",
            "\r\u{1B}[Kcontoso.ldif: 8000 records · 1951/s · 50% · ETA 0:04",
            "\r\u{1B}[K",
        ])
    }

    @Test func withoutATotalThereIsNoShareOrETA() {
        let recorder = Recorder()
        let meter = Self.meter(recorder, totalBytes: nil)
        recorder.now += 4
        meter.update(records: 100, bytes: 5)
        #expect(recorder.written == ["\r\u{1B}[Kcontoso.ldif: 100 records · 25/s"])
    }

    @Test func disabledMeterWritesNothing() {
        let recorder = Recorder()
        let meter = Self.meter(recorder, enabled: false)
        recorder.now += 10
        meter.update(records: 1, bytes: 1)
        meter.finish()
        #expect(recorder.written.isEmpty)
        #expect(!ProgressMeter.isWanted(stderrIsTerminal: false, quiet: false))
        #expect(!ProgressMeter.isWanted(stderrIsTerminal: true, quiet: true))
        #expect(ProgressMeter.isWanted(stderrIsTerminal: true, quiet: false))
    }

    @Test func finishClearsOnlyWhatWasDrawn() {
        let recorder = Recorder()
        Self.meter(recorder).finish()
        #expect(recorder.written.isEmpty)
    }
}
