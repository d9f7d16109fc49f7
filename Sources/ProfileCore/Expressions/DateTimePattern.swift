/// .NET-style custom date and time patterns, UTC and English only.
///
/// Specifiers: `yyyy` (4-digit year), `yy` (2-digit; parsing maps 00–49 to
/// 2000s, 50–99 to 1900s, .NET's default), `MMMM`/`MMM` (English month name /
/// abbreviation), `MM`/`M`, `dddd`/`ddd` (weekday name, formatting only;
/// skipped over when parsing), `dd`/`d`, `HH`/`H` (24-hour), `mm`/`m`,
/// `ss`/`s`, `f`…`fffffff` (fraction; parsing accepts 1–7 digits). Anything
/// else is literal, as are `'quoted'` / `"quoted"` text and `\x`. So
/// `yyyyMMddHHmmss.fZ` is LDAP generalized time and `yyyy-MM-ddTHH:mm:ssZ`
/// the canonical form of date values.
struct DateTimePattern {
    enum Piece: Equatable {
        case year4, year2, month2, month1, monthName, monthAbbreviation
        case day2, day1, weekdayName, weekdayAbbreviation
        case hour2, hour1, minute2, minute1, second2, second1
        case fraction(Int)
        case literal(String)
    }

    let pieces: [Piece]

    static let canonical = DateTimePattern("yyyy-MM-ddTHH:mm:ssZ")

    init(_ pattern: String) {
        var pieces: [Piece] = []
        let characters = Array(pattern)
        var index = 0
        func literal(_ text: String) {
            if case .literal(let previous) = pieces.last {
                pieces[pieces.count - 1] = .literal(previous + text)
            } else {
                pieces.append(.literal(text))
            }
        }
        while index < characters.count {
            let character = characters[index]
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            switch character {
            case "y": pieces.append(run >= 3 ? .year4 : .year2)
            case "M": pieces.append(run >= 4 ? .monthName : run == 3 ? .monthAbbreviation : run == 2 ? .month2 : .month1)
            case "d": pieces.append(run >= 4 ? .weekdayName : run == 3 ? .weekdayAbbreviation : run == 2 ? .day2 : .day1)
            case "H": pieces.append(run >= 2 ? .hour2 : .hour1)
            case "m": pieces.append(run >= 2 ? .minute2 : .minute1)
            case "s": pieces.append(run >= 2 ? .second2 : .second1)
            case "f": pieces.append(.fraction(min(run, 7)))
            case "'", "\"":
                var end = index + 1
                while end < characters.count, characters[end] != character { end += 1 }
                literal(String(characters[(index + 1)..<min(end, characters.count)]))
                run = end - index + 1
            case "\\":
                if index + 1 < characters.count { literal(String(characters[index + 1])) }
                run = 2
            default:
                literal(String(repeating: character, count: run))
            }
            index += run
        }
        self.pieces = pieces
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    func format(_ moment: CivilMoment) -> String {
        var text = ""
        func padded(_ value: Int64, _ width: Int) {
            let digits = String(value)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
        }
        for piece in pieces {
            switch piece {
            case .year4: padded(moment.year, 4)
            case .year2: padded(moment.year % 100, 2)
            case .month2: padded(moment.month, 2)
            case .month1: padded(moment.month, 1)
            case .monthName: text += Self.monthNames[Int(moment.month - 1)]
            case .monthAbbreviation: text += Self.monthNames[Int(moment.month - 1)].prefix(3)
            case .day2: padded(moment.day, 2)
            case .day1: padded(moment.day, 1)
            case .weekdayName: text += Self.weekdayNames[Int(moment.weekday - 1)]
            case .weekdayAbbreviation: text += Self.weekdayNames[Int(moment.weekday - 1)].prefix(3)
            case .hour2: padded(moment.hour, 2)
            case .hour1: padded(moment.hour, 1)
            case .minute2: padded(moment.minute, 2)
            case .minute1: padded(moment.minute, 1)
            case .second2: padded(moment.second, 2)
            case .second1: padded(moment.second, 1)
            case .fraction(let width):
                var divisor: Int64 = 1
                for _ in width..<7 { divisor *= 10 }
                padded(moment.ticks / divisor, width)
            case .literal(let literal): text += literal
            }
        }
        return text
    }

    func parse(_ text: String) throws(ExpressionFailure) -> CivilMoment {
        let characters = Array(text)
        var index = 0
        var moment = CivilMoment()
        func fail() -> ExpressionFailure {
            ExpressionFailure(message: "'\(text)' does not match the date format")
        }
        func digits(_ minimum: Int, _ maximum: Int) throws(ExpressionFailure) -> Int64 {
            var value: Int64 = 0
            var count = 0
            while count < maximum, index < characters.count, let digit = characters[index].wholeNumberValue,
                characters[index].isASCII
            {
                value = value * 10 + Int64(digit)
                count += 1
                index += 1
            }
            guard count >= minimum else { throw fail() }
            return value
        }
        func name(_ names: [String], abbreviated: Bool) throws(ExpressionFailure) -> Int64 {
            let rest = String(characters[index...]).lowercased()
            for (offset, full) in names.enumerated() {
                let candidate = abbreviated ? String(full.prefix(3)) : full
                if rest.hasPrefix(candidate.lowercased()) {
                    index += candidate.count
                    return Int64(offset + 1)
                }
            }
            throw fail()
        }
        for piece in pieces {
            switch piece {
            case .year4: moment.year = try digits(4, 4)
            case .year2:
                let year = try digits(2, 2)
                moment.year = year < 50 ? 2000 + year : 1900 + year
            case .month2: moment.month = try digits(2, 2)
            case .month1: moment.month = try digits(1, 2)
            case .monthName: moment.month = try name(Self.monthNames, abbreviated: false)
            case .monthAbbreviation: moment.month = try name(Self.monthNames, abbreviated: true)
            case .day2: moment.day = try digits(2, 2)
            case .day1: moment.day = try digits(1, 2)
            case .weekdayName: _ = try name(Self.weekdayNames, abbreviated: false)
            case .weekdayAbbreviation: _ = try name(Self.weekdayNames, abbreviated: true)
            case .hour2: moment.hour = try digits(2, 2)
            case .hour1: moment.hour = try digits(1, 2)
            case .minute2: moment.minute = try digits(2, 2)
            case .minute1: moment.minute = try digits(1, 2)
            case .second2: moment.second = try digits(2, 2)
            case .second1: moment.second = try digits(1, 2)
            case .fraction:
                let start = index
                var ticks = try digits(1, 7)
                for _ in (index - start)..<7 { ticks *= 10 }
                while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
                moment.ticks = ticks
            case .literal(let literal):
                for expected in literal {
                    guard index < characters.count,
                        characters[index] == expected
                            || characters[index].lowercased() == expected.lowercased()
                    else { throw fail() }
                    index += 1
                }
            }
        }
        guard index == characters.count else { throw fail() }
        guard moment.isValid else { throw ExpressionFailure(message: "'\(text)' is not a valid date") }
        return moment
    }
}
