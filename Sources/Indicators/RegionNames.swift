/// The names a data file may give a region, mapped to the region's id in the regions file: the id
/// itself, or the region's Chinese (simplified or traditional) or English name (`南京`, `南京`,
/// `Nanjing` → `Nanjing`). Data files written with Chinese names thus load as if they used the ids.
///
/// Names are matched exactly (after trimming spaces). A name that two regions share is not mapped,
/// nor is a name that is itself another region's id.
public struct RegionNameMap: Sendable {
    private let idByName: [String: String]
    private let ids: Set<String>

    /// The map of every region of `hierarchy`.
    public init(hierarchy: RegionHierarchy) {
        ids = Set(hierarchy.regions.map(\.id))
        var candidates: [String: Set<String>] = [:]
        for region in hierarchy.regions {
            for name in [region.nameZh, region.nameZhHant, region.nameEn] {
                let trimmed = name.trimmingWhitespace()
                if !trimmed.isEmpty { candidates[trimmed, default: []].insert(region.id) }
            }
        }
        var map: [String: String] = [:]
        for (name, regions) in candidates where regions.count == 1 && !ids.contains(name) {
            map[name] = regions.first
        }
        idByName = map
    }

    /// The id a data file means by `name`: `name` when it is an id or no region has that name, else
    /// the id of the region so named.
    public func id(for name: String) -> String {
        if ids.contains(name) { return name }
        return idByName[name.trimmingWhitespace()] ?? name
    }
}

/// One region name of a data file that was read as a region id (``RegionNameMap``): where it was
/// first seen and on how many rows.
public struct RegionNameMapping: Hashable, Sendable, CustomStringConvertible {
    /// The data file.
    public let file: String
    /// The name as the file writes it (`南京`).
    public let name: String
    /// The region id it was read as (`Nanjing`).
    public let id: String
    /// The first line with the name.
    public let line: Int
    /// The number of rows with the name.
    public let rows: Int

    /// A mapping.
    public init(file: String, name: String, id: String, line: Int, rows: Int) {
        self.file = file
        self.name = name
        self.id = id
        self.line = line
        self.rows = rows
    }

    /// `notebooks-data/a.csv:2: ‘南京’ read as region ‘Nanjing’ (12 rows)`.
    public var description: String {
        "\(file):\(line): ‘\(name)’ read as region ‘\(id)’ (\(rows) row\(rows == 1 ? "" : "s"))"
    }
}
