import Foundation
import Testing
@testable import GaffeKit

struct GeoLookupTests {
    let geo = GeoBoundaries.shared

    func codes(_ latitude: Double, _ longitude: Double) -> [String] {
        geo.place(.point(GeoPoint(latitude: latitude, longitude: longitude))).regions.map(\.code)
    }

    @Test func knownCities() {
        print(codes(25.7617, -80.1918), codes(64.1466, -21.9426), codes(40.7128, -74.0060), codes(48.8566, 2.3522),
              codes(-33.8688, 151.2093), codes(35.6762, 139.6503), codes(-29.31, 27.48), codes(18.4655, -66.1057),
              codes(1.3521, 103.8198), codes(41.9029, 12.4534), codes(30.0, -40.0), codes(0, 0), codes(47.6062, -122.3321),
              codes(21.3069, -157.8583), codes(61.2181, -149.9003), codes(38.9072, -77.0369), codes(51.5074, -0.1278))
    }
}

