/// Given names and surnames, each with the ASCII spelling used in account
/// names and mail addresses.
///
/// ASCII spellings are unique within each pool, so (given, surname) index
/// pairs and ASCII name pairs identify each other: counting duplicates per
/// index pair is enough to keep CNs, mail addresses and account names unique.
enum NamePools {
    struct Name: Sendable {
        let display: String
        let ascii: String
    }

    static let commonGiven: [String] = """
        James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan \
        Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Margaret \
        Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin \
        Amanda Brian Dorothy George Melissa Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey \
        Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda \
        Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine \
        Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine Dennis Maria Jerry Heather \
        Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce Henry Virginia Douglas Victoria Zachary Kelly \
        Peter Lauren Kyle Christina Ethan Joan Walter Evelyn Noah Judith Jeremy Megan Priya Arjun Wei Mei Hiroshi \
        Yuki Aisha Omar Fatima Ahmed Ingrid Lars Sven Astrid Pierre Amelie Giulia Marco Anika Rahul Sanjay Chen
        """.split(separator: " ").map(String.init)

    static let commonSurnames: [String] = """
        Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson \
        Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis \
        Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall \
        Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes \
        Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard \
        Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price \
        Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell \
        Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander \
        Hamilton Graham Reynolds Griffin Wallace West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar \
        Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells \
        Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez \
        Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone \
        Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan \
        Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight \
        Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins \
        Hoffman Johnston Matthews Pena Richards Willis Carpenter Lawrence Sandoval Okafor Tanaka Yamamoto Singh \
        Kumar Larsen Johansson Rossi Bianchi Dubois Novak Kowalski Ivanova Haddad
        """.split(separator: " ").map(String.init)

    /// Names outside ASCII, as a directory of a multinational really holds them.
    static let accentedGiven: [Name] = [
        Name(display: "Zoë", ascii: "Zoe"), Name(display: "Łukasz", ascii: "Lukasz"),
        Name(display: "Søren", ascii: "Soren"), Name(display: "François", ascii: "Francois"),
        Name(display: "José María", ascii: "JoseMaria"), Name(display: "Björn", ascii: "Bjorn"),
        Name(display: "Renée", ascii: "Renee"), Name(display: "Jürgen", ascii: "Juergen"),
        Name(display: "伟", ascii: "Wei2"), Name(display: "芳", ascii: "Fang"),
        Name(display: "Ólafur", ascii: "Olafur"), Name(display: "Dvořka", ascii: "Dvorka"),
        Name(display: "Çağla", ascii: "Cagla"), Name(display: "Ærin", ascii: "Aerin"),
    ]

    static let accentedSurnames: [Name] = [
        Name(display: "Ångström", ascii: "Angstrom"), Name(display: "Müller", ascii: "Mueller"),
        Name(display: "李", ascii: "Li"), Name(display: "Ñúñez", ascii: "Nunez"),
        Name(display: "Dvořák", ascii: "Dvorak"), Name(display: "Çelik", ascii: "Celik"),
        Name(display: "Đorđević", ascii: "Djordjevic"), Name(display: "Nguyễn", ascii: "NguyenV"),
        Name(display: "Ólafsdóttir", ascii: "Olafsdottir"), Name(display: "王", ascii: "Wang"),
        Name(display: "Schröder", ascii: "Schroeder"), Name(display: "Wiśniewski", ascii: "Wisniewski"),
        Name(display: "O'Brien", ascii: "OBrien"), Name(display: "García-Peña", ascii: "GarciaPena"),
    ]

    /// All given names: the common ones first, then the accented ones.
    static let given: [Name] = commonGiven.map { Name(display: $0, ascii: $0) } + accentedGiven
    static let surnames: [Name] = commonSurnames.map { Name(display: $0, ascii: $0) } + accentedSurnames

    /// Lower-cased ASCII spellings, precomputed once: account names are built a million times.
    static let givenLower: [String] = given.map { $0.ascii.lowercased() }
    static let surnameLower: [String] = surnames.map { $0.ascii.lowercased().filter { $0 != "-" } }

    /// Draws a (given, surname) index pair; about 5 % of people get at least one non-ASCII part.
    static func draw(_ random: inout SeededRandom) -> (given: Int, surname: Int) {
        let given = random.chance(0.025)
            ? commonGiven.count + random.below(accentedGiven.count)
            : random.below(commonGiven.count)
        let surname = random.chance(0.027)
            ? commonSurnames.count + random.below(accentedSurnames.count)
            : random.below(commonSurnames.count)
        return (given, surname)
    }
}
