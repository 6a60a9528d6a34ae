/// A loaded roster: its applicants in file order, an id index, and where it came from.
/// Immutable once made, so it is shared between threads (parallel `check`, verdicts) as is.
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
    public let applicants: [Applicant]
    /// Applicant id → index into `applicants`.
    public let idIndex: [String: Int]
    /// Keys of unknown fields seen in any record, first-seen order.
    public let extraKeys: [String]
    /// Caches keyed on a dataset compare this to know when to drop (a dataset never changes,
    /// so it stays 0; kept for the caches' contract).
    public let version: Int = 0

    public init(name: String, applicants: [Applicant], path: String? = nil, sha256: String? = nil,
                year: Int? = nil, notice: String? = nil) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.year = year
        self.notice = notice
        self.applicants = applicants
        var index: [String: Int] = [:]
        index.reserveCapacity(applicants.count)
        var extras: [String] = []
        var seen = Set<String>()
        for (i, a) in applicants.enumerated() {
            index[a.id] = i
            for k in a.extras.keys where seen.insert(k).inserted { extras.append(k) }
        }
        self.idIndex = index
        self.extraKeys = extras
    }

    public var count: Int { applicants.count }

    public func applicant(id: String) -> Applicant? { idIndex[id].map { applicants[$0] } }
}
