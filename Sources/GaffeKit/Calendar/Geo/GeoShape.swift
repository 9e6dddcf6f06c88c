import Foundation

/// A WGS 84 position in decimal degrees.
public struct GeoPoint: Sendable, Hashable, CustomStringConvertible {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Whether the numbers can be a position at all.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && abs(latitude) <= 90 && abs(longitude) <= 180
    }

    /// The same point with latitude and longitude exchanged (feeds that write `lon,lat` where the
    /// format wants `lat,lon`).
    public var swapped: GeoPoint { GeoPoint(latitude: longitude, longitude: latitude) }

    /// The longitude brought into -180...180 (GDACS boxes run past the antimeridian).
    public var normalized: GeoPoint {
        var longitude = self.longitude.truncatingRemainder(dividingBy: 360)
        if longitude > 180 { longitude -= 360 }
        if longitude < -180 { longitude += 360 }
        return GeoPoint(latitude: latitude, longitude: longitude)
    }

    /// Great-circle distance in kilometres.
    public func distance(to other: GeoPoint) -> Double {
        let radians = Double.pi / 180
        let dLat = (other.latitude - latitude) * radians
        let dLon = (other.longitude - longitude) * radians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * radians) * cos(other.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * GeoPoint.earthRadius * asin(min(1, sqrt(a)))
    }

    /// The point `kilometres` away along `bearing` degrees (0 = north).
    public func moved(kilometres: Double, bearing: Double) -> GeoPoint {
        let radians = Double.pi / 180
        let angular = kilometres / GeoPoint.earthRadius
        let lat1 = latitude * radians
        let lon1 = longitude * radians
        let theta = bearing * radians
        let lat2 = asin(sin(lat1) * cos(angular) + cos(lat1) * sin(angular) * cos(theta))
        let lon2 = lon1 + atan2(sin(theta) * sin(angular) * cos(lat1), cos(angular) - sin(lat1) * sin(lat2))
        return GeoPoint(latitude: lat2 / radians, longitude: lon2 / radians).normalized
    }

    static let earthRadius = 6371.0

    public var description: String { "\(latitude),\(longitude)" }
}

/// A place given by geometry rather than by a code: what CAP, GeoRSS, GeoJSON and GDACS carry.
public enum GeoShape: Sendable, Hashable {
    case point(GeoPoint)
    /// A ring of points (closed or not); several rings of one area are several shapes.
    case polygon([GeoPoint])
    case circle(center: GeoPoint, radiusKilometres: Double)
    /// A box from south-west to north-east; `west > east` crosses the antimeridian.
    case box(south: Double, west: Double, north: Double, east: Double)

    /// A representative point: the point, the circle's centre, the polygon's centroid, the box's middle.
    public var center: GeoPoint? {
        switch self {
        case .point(let point): return point
        case .circle(let center, _): return center
        case .polygon(let points): return GeoShape.centroid(of: points)
        case .box(let south, let west, let north, let east):
            var middle = (west + east) / 2
            if west > east { middle += 180 }
            return GeoPoint(latitude: (south + north) / 2, longitude: middle).normalized
        }
    }

    /// The area centroid of a ring (planar, in degrees), or the mean of its points when degenerate.
    static func centroid(of points: [GeoPoint]) -> GeoPoint? {
        guard !points.isEmpty else { return nil }
        var area = 0.0
        var x = 0.0
        var y = 0.0
        for index in points.indices {
            let p = points[index]
            let q = points[(index + 1) % points.count]
            let cross = p.longitude * q.latitude - q.longitude * p.latitude
            area += cross
            x += (p.longitude + q.longitude) * cross
            y += (p.latitude + q.latitude) * cross
        }
        if abs(area) < 1e-12 {
            let count = Double(points.count)
            return GeoPoint(latitude: points.map(\.latitude).reduce(0, +) / count, longitude: points.map(\.longitude).reduce(0, +) / count)
        }
        return GeoPoint(latitude: y / (3 * area), longitude: x / (3 * area))
    }

    /// The points a region lookup tests: a polygon's vertices and centroid, a circle's centre and
    /// eight points on its edge, a 5 × 5 grid over a box.
    var samplePoints: [GeoPoint] {
        switch self {
        case .point(let point):
            return [point]
        case .polygon(let points):
            var samples = points
            if let centroid = center { samples.append(centroid) }
            return samples
        case .circle(let center, let radius):
            guard radius > 0 else { return [center] }
            return [center] + stride(from: 0.0, to: 360.0, by: 45.0).map { center.moved(kilometres: radius, bearing: $0) }
        case .box(let south, let west, let north, var east):
            if east < west { east += 360 }
            var samples: [GeoPoint] = []
            for row in 0...4 {
                for column in 0...4 {
                    let latitude = south + (north - south) * Double(row) / 4
                    let longitude = west + (east - west) * Double(column) / 4
                    samples.append(GeoPoint(latitude: latitude, longitude: longitude).normalized)
                }
            }
            return samples
        }
    }

    /// How far from the shape's centre a region may be and still count when no sample point is
    /// on land: the coastal tolerance, or the circle's radius when larger.
    var reach: Double {
        if case .circle(_, let radius) = self { return max(radius, GeoBoundaries.coastalTolerance) }
        return GeoBoundaries.coastalTolerance
    }
}
