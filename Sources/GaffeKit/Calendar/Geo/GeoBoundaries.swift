import Foundation

/// Where a shape falls: the regions, and how they were found when it was not a direct hit.
public struct GeoPlacement: Sendable, Hashable {
    /// Most specific regions first found: `US-FL` rather than `US`; empty when the shape is at sea.
    public var regions: [Region]
    /// How the regions were found when not by containment ("nearest land, 12 km"), for event notes.
    public var note: String?

    public init(regions: [Region], note: String? = nil) {
        self.regions = regions
        self.note = note
    }
}

/// Coarse outlines of every country and every US state, embedded from
/// `lexicons/geo/boundaries.tsv` (Natural Earth 1:110m countries, public domain; US Census
/// TIGER/Line states; small countries as circles around their capitals), for placing events that
/// come with coordinates only.
///
/// A point is looked up by bounding box first, then by an even-odd point-in-polygon test over the
/// region's rings (so holes such as Lesotho inside South Africa work). A point inside a US state
/// gives the state (`US-FL`, which the region hierarchy places in `US`); a point in a US territory
/// gives both codes (`PR` and `US-PR`). A point in no outline (the outlines are simplified to about
/// 2 km, so coasts are rough) takes the nearest region within `coastalTolerance`; beyond that it is
/// at sea and has no region. Shapes are looked up by sample points: see `GeoShape.samplePoints`.
public final class GeoBoundaries: Sendable {
    /// The embedded outlines, parsed on first use.
    public static let shared = GeoBoundaries(tsv: EmbeddedResources.files["geo/boundaries.tsv"] ?? "")

    /// How far (km) from an outline a point may be and still belong to it.
    public static let coastalTolerance = 50.0

    struct Area: Sendable {
        let region: Region
        /// Rings as flat `lon, lat, lon, lat…` arrays in degrees.
        let rings: [[Double]]
        let circle: (center: GeoPoint, radius: Double)?
        let south: Double, west: Double, north: Double, east: Double

        func contains(_ point: GeoPoint) -> Bool {
            if let circle { return point.distance(to: circle.center) <= circle.radius }
            guard point.latitude >= south, point.latitude <= north, point.longitude >= west, point.longitude <= east else { return false }
            var inside = false
            let x = point.longitude
            let y = point.latitude
            for ring in rings {
                let count = ring.count / 2
                var j = count - 1
                for i in 0..<count {
                    let xi = ring[2 * i], yi = ring[2 * i + 1]
                    let xj = ring[2 * j], yj = ring[2 * j + 1]
                    if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
                    j = i
                }
            }
            return inside
        }

        /// Kilometres from the point to the nearest edge (0 inside), or nil when the bounding box
        /// is further than `limit`.
        func distance(to point: GeoPoint, limit: Double) -> Double? {
            if let circle { return max(0, point.distance(to: circle.center) - circle.radius) }
            let margin = limit / 111.0
            let lonMargin = margin / max(cos(point.latitude * .pi / 180), 0.05)
            guard point.latitude >= south - margin, point.latitude <= north + margin,
                  point.longitude >= west - lonMargin, point.longitude <= east + lonMargin else { return nil }
            if contains(point) { return 0 }
            let scale = cos(point.latitude * .pi / 180)
            var best = Double.infinity
            for ring in rings {
                let count = ring.count / 2
                var j = count - 1
                for i in 0..<count {
                    // Local equirectangular projection around the point, in km.
                    let ax = (ring[2 * j] - point.longitude) * scale * 111.32, ay = (ring[2 * j + 1] - point.latitude) * 111.32
                    let bx = (ring[2 * i] - point.longitude) * scale * 111.32, by = (ring[2 * i + 1] - point.latitude) * 111.32
                    let dx = bx - ax, dy = by - ay
                    let lengthSquared = dx * dx + dy * dy
                    let t = lengthSquared > 0 ? min(1, max(0, -(ax * dx + ay * dy) / lengthSquared)) : 0
                    let px = ax + t * dx, py = ay + t * dy
                    best = min(best, (px * px + py * py).squareRoot())
                    j = i
                }
            }
            return best
        }
    }

    let countries: [Area]
    let states: [Area]
    /// States first, so a state wins over its country at the same distance.
    let all: [Area]

    init(tsv: String) {
        var countries: [Area] = []
        var states: [Area] = []
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            guard columns.count >= 2, let region = Region(code: String(columns[0])) else { continue }
            let area: Area
            if columns[1].hasPrefix("@") {
                let numbers = columns[1].dropFirst().split(separator: ",").compactMap { Double($0) }
                guard numbers.count == 3 else { continue }
                let center = GeoPoint(latitude: numbers[0], longitude: numbers[1])
                area = Area(region: region, rings: [], circle: (center, numbers[2]),
                            south: center.latitude, west: center.longitude, north: center.latitude, east: center.longitude)
            } else {
                var rings: [[Double]] = []
                var south = 90.0, north = -90.0, west = 180.0, east = -180.0
                for encoded in columns.dropFirst() {
                    var ring: [Double] = []
                    var x = 0, y = 0
                    for pair in encoded.split(separator: " ") {
                        guard let comma = pair.firstIndex(of: ","), let dx = Int(pair[..<comma]), let dy = Int(pair[pair.index(after: comma)...]) else { continue }
                        x += dx
                        y += dy
                        let lon = Double(x) / 100, lat = Double(y) / 100
                        ring.append(lon)
                        ring.append(lat)
                        south = min(south, lat); north = max(north, lat); west = min(west, lon); east = max(east, lon)
                    }
                    if ring.count >= 6 { rings.append(ring) }
                }
                area = Area(region: region, rings: rings, circle: nil, south: south, west: west, north: north, east: east)
            }
            if region.code.hasPrefix("US-") { states.append(area) } else { countries.append(area) }
        }
        self.countries = countries
        self.states = states
        all = states + countries
    }

    /// Every region whose outline contains the point, most specific first; empty at sea.
    public func regions(at point: GeoPoint) -> [Region] {
        guard point.isValid else { return [] }
        var result: [Region] = []
        for area in countries where area.contains(point) { result.append(area.region) }
        if let state = states.first(where: { $0.contains(point) }) {
            result.removeAll { $0.code == "US" }
            result.insert(state.region, at: 0)
        }
        return AreaCodes.withTerritoryCodes(result)
    }

    /// The region nearest to a point within `limit` km, with its distance.
    public func closestRegion(to point: GeoPoint, within limit: Double) -> (region: Region, kilometres: Double)? {
        guard point.isValid else { return nil }
        var best: (Region, Double)?
        for area in all {
            guard let distance = area.distance(to: point, limit: limit), distance <= limit else { continue }
            // A state and its country at the same distance: keep the state.
            if best == nil || distance < best!.1 - 0.001 { best = (area.region, distance) }
        }
        return best
    }

    /// How far (km) from land an event at sea may be and still be placed in the nearest region,
    /// when nothing closer holds it (an offshore earthquake, a cyclone's centre).
    public static let offshoreReach = 300.0

    /// Where a shape falls: the regions of its sample points (see `GeoShape.samplePoints`), or the
    /// nearest region to its centre within `reach` km (default: the shape's own reach, the coastal
    /// tolerance or a circle's radius).
    ///
    /// For a polygon, a region counts when it holds the centroid or at least a fifth of the
    /// vertices (and at least two): a warning polygon drawn along a border does not spill into the
    /// neighbour through one simplified vertex, but one that straddles the border gets both.
    public func place(_ shape: GeoShape, reach: Double? = nil) -> GeoPlacement {
        var found: [Region] = []
        if case .polygon(var points) = shape {
            // A closed ring repeats its first vertex; count it once.
            if points.count > 1, points.first == points.last { points.removeLast() }
            var counts: [Region: Int] = [:]
            var order: [Region] = []
            for point in points {
                for region in regions(at: point) {
                    if counts[region] == nil { order.append(region) }
                    counts[region, default: 0] += 1
                }
            }
            let central = shape.center.map { regions(at: $0) } ?? []
            let threshold = max(2, (points.count + 4) / 5)
            for region in central where !found.contains(region) { found.append(region) }
            for region in order where counts[region, default: 0] >= threshold && !found.contains(region) { found.append(region) }
            if found.isEmpty {
                // A small polygon on a coast: any vertex on land will do.
                found = order
            }
        } else {
            for sample in shape.samplePoints {
                for region in regions(at: sample) where !found.contains(region) { found.append(region) }
            }
        }
        // A state found by one sample and only its country by another (coasts differ between the
        // two datasets): the state says more.
        if found.contains(where: { $0.code.hasPrefix("US-") && $0.code.count == 5 && !AreaCodes.isTerritory($0) }) {
            found.removeAll { $0.code == "US" }
        }
        if !found.isEmpty { return GeoPlacement(regions: found) }
        let limit: Double = reach ?? shape.reach
        guard let center = shape.center, let closest = closestRegion(to: center, within: limit) else { return GeoPlacement(regions: []) }
        return GeoPlacement(regions: AreaCodes.withTerritoryCodes([closest.region]), note: "placed in \(closest.region.code), the nearest region (\(Int(closest.kilometres.rounded())) km)")
    }
}
