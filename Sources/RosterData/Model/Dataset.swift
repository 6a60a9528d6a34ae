/// A loaded roster: its applicants in file order (stored by column, `ApplicantTable`), an id
/// index, and where it came from. Immutable once made, so it is shared between threads
/// (parallel `check`, verdicts) as is.
public final class Dataset: Sendable {
    public let name: String
    /// The file it was loaded from (nil for generated or derived data).
    public let path: String?
    /// Lower-case hex SHA-256 of the file's bytes.
    public let sha256: String?
    /// `year` of the JSON wrapper object, when given.
    public let year: Int?
    /// `notice` of the JSON wrapper object, when given.
    public let notice: String?
    /// The applicants; `applicants[i]` builds row `i`'s `Applicant`, `value(row:slot:)` reads
    /// one field without building it.
    public let applicants: ApplicantTable
    /// Applicant id → index into `applicants`.
    public let idIndex: [String: Int]
    /// Keys of unknown fields seen in any record, first-seen order.
    public let extraKeys: [String]
    /// Caches keyed on a dataset compare this to know when to drop (a dataset never changes,
    /// so it stays 0; kept for the caches' contract).
    public let version: Int = 0

    public convenience init(name: String, applicants: [Applicant], path: String? = nil, sha256: String? = nil,
                            year: Int? = nil, notice: String? = nil) {
        self.init(name: name, table: ApplicantTable(applicants), path: path, sha256: sha256, year: year, notice: notice)
    }

    public init(name: String, table: ApplicantTable, path: String? = nil, sha256: String? = nil,
                year: Int? = nil, notice: String? = nil) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.year = year
        self.notice = notice
        self.applicants = table
        var index: [String: Int] = [:]
        index.reserveCapacity(table.count)
        for i in 0..<table.count { index[table.id(i)] = i }
        var extras: [String] = []
        var seen = Set<String>()
        for r in table.rowsWithExtras {
            for k in table.extras(r).keys where seen.insert(k).inserted { extras.append(k) }
        }
        self.idIndex = index
        self.extraKeys = extras
    }

    public var count: Int { applicants.count }

    /// One field of one row, without building the applicant.
    @inline(__always)
    public func value(row: Int, slot: Int) -> Value { applicants.value(row: row, slot: slot) }

    public func applicant(id: String) -> Applicant? { idIndex[id].map { applicants[$0] } }
}
