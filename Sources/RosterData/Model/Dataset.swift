/// A loaded roster: its applicants in file order, an id index, and where it came from.
public final class Dataset: @unchecked Sendable {
    public var name: String
    /// The file it was loaded from (nil for generated or derived data).
    public var path: String?
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String?
    /// `year` of the JSON wrapper object, when given.
    public var year: Int?
    /// `notice` of the JSON wrapper object, when given.
    public var notice: String?
    public private(set) var applicants: [Applicant]
    /// Applicant id → index into `applicants`.
    public private(set) var idIndex: [String: Int]
    /// Keys of unknown fields seen in any record, first-seen order.
    public private(set) var extraKeys: [String]
    /// Bumped on every change, so caches keyed on a dataset know when to drop.
    public private(set) var version: Int = 0

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
