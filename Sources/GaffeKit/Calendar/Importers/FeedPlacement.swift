import Foundation

/// Everything a feed item says about where it happens, strongest evidence first.
struct PlaceEvidence {
    /// Regions from codes (ISO, FIPS/SAME, UGC, SGC, GDACS iso3), with the code they came from.
    var codes: [(region: Region, from: String)] = []
    /// Geometry, each with the file range it was read from (for the swapped-coordinates warning).
    var shapes: [(shape: GeoShape, range: Range<Int>)] = []
    /// Free text naming the place (CAP `areaDesc`, USGS `place`, a headline), with its range.
    var names: [(text: String, range: Range<Int>)] = []
    /// The sender's e-mail address, URL or domain: its country is the last resort.
    var sender: String?
}

/// The regions an item is placed in, how, and what was odd on the way.
struct FeedPlacement {
    var regions: [Region] = []
    var notes: [String] = []
    var problems: [InputProblem] = []

    /// Adds a shape's regions and note, without repeats.
    mutating func absorb(_ found: GeoPlacement) {
        if let note = found.note, !notes.contains(note) { notes.append(note) }
        for region in found.regions where !regions.contains(region) { regions.append(region) }
    }
}

/// Places a feed item in regions, in this order of evidence:
///
/// 1. area codes (most precise, and what the producer meant);
/// 2. geometry on land or within `GeoBoundaries.coastalTolerance` of it, by `GeoBoundaries` (with
///    coordinates that only make sense swapped, as `lon,lat`, read swapped and reported);
/// 3. place names in the text, by `PlaceNames`;
/// 4. geometry at sea within `GeoBoundaries.offshoreReach` of land: the nearest region;
/// 5. the feed's configured regions (`ImportOptions.defaultRegions`);
/// 6. the country of the sender's domain (`smhi.se` is SE; `.gov` and `.mil` are US).
///
/// When codes and the place name disagree (a FIPS code for Los Angeles on an alert whose area
/// reads "Washington D.C."), the codes win and a warning says so. With no evidence at all the item
/// has no regions; importers then skip it with a warning rather than guess "everywhere".
enum PlaceFinder {
    static func place(_ evidence: PlaceEvidence, defaults: [Region], source: SourceText, geo: GeoBoundaries = .shared) -> FeedPlacement {
        var placement = FeedPlacement()
        var named: [Region] = []
        var nameRange: Range<Int>?
        var nameText = ""
        for name in evidence.names {
            let regions = PlaceNames.shared.regions(in: name.text)
            if !regions.isEmpty, nameRange == nil {
                nameRange = name.range
                nameText = name.text
            }
            for region in regions where !named.contains(region) { named.append(region) }
        }

        if !evidence.codes.isEmpty {
            for code in evidence.codes where !placement.regions.contains(code.region) { placement.regions.append(code.region) }
            placement.regions = AreaCodes.withTerritoryCodes(placement.regions)
            // Lists of county or zone names ("Hennepin; Washington; Carver") are not place names
            // to check against: a county named Washington is not the state.
            if !named.isEmpty, let range = nameRange, !nameText.contains(";"),
               !named.contains(where: { name in placement.regions.contains { $0.overlaps(name) } }) {
                let codes = evidence.codes.map(\.from).prefix(3).joined(separator: ", ")
                placement.problems.append(InputProblem(
                    Message.disagree(name: nameText, named: named, codes: codes, regions: placement.regions), at: range, severity: .warning))
            }
            return placement
        }

        // Where the item is expected to be, from everything but its geometry.
        let senderCountry = evidence.sender.flatMap(country(ofSender:))
        let expected = named + defaults + (senderCountry.map { [$0] } ?? [])
        for (shape, range) in evidence.shapes {
            var found = geo.place(shape)
            if found.regions.isEmpty, !expected.isEmpty, let swapped = swap(shape) {
                // Coordinates at sea that land, read the other way round, where the item's place
                // names, configured regions or sender say it is (Krisinformation writes lon,lat).
                let retry = geo.place(swapped)
                let plausible = retry.regions.contains { region in expected.contains { $0.overlaps(region) } }
                if plausible {
                    found = retry
                    placement.problems.append(InputProblem(Message.swapped(retry.regions), at: range, severity: .warning))
                }
            }
            placement.absorb(found)
        }
        if !placement.regions.isEmpty { return placement }

        if !named.isEmpty {
            placement.regions = named
            placement.notes.append("placed by the place name '\(nameText.prefix(80))'")
            return placement
        }
        // At sea, with no name to go by: the nearest land within the offshore reach.
        for (shape, _) in evidence.shapes { placement.absorb(geo.place(shape, reach: GeoBoundaries.offshoreReach)) }
        if !placement.regions.isEmpty { return placement }
        if !defaults.isEmpty {
            placement.regions = defaults
            placement.notes.append("placed in the feed's configured regions")
            return placement
        }
        if let sender = evidence.sender, let country = senderCountry {
            placement.regions = AreaCodes.withTerritoryCodes([country])
            placement.notes.append("placed in \(country.code), the country of the sender '\(sender)'")
        }
        return placement
    }

    /// The shape with latitude and longitude exchanged, when that is a valid shape.
    static func swap(_ shape: GeoShape) -> GeoShape? {
        switch shape {
        case .point(let point): return point.swapped.isValid ? .point(point.swapped) : nil
        case .circle(let center, let radius): return center.swapped.isValid ? .circle(center: center.swapped, radiusKilometres: radius) : nil
        case .polygon(let points): return points.allSatisfy(\.swapped.isValid) ? .polygon(points.map(\.swapped)) : nil
        case .box: return nil
        }
    }

    /// The country of an e-mail address, URL or host name, by its top-level domain.
    static func country(ofSender sender: String) -> Region? {
        var host = sender.lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if let scheme = host.range(of: "://") { host = String(host[scheme.upperBound...]) }
        host = String(host.prefix { $0 != "/" && $0 != ":" })
        guard host.contains("."), let tld = host.split(separator: ".").last else { return nil }
        switch tld {
        case "gov", "mil": return Region(code: "US")
        case "uk": return Region(code: "GB")
        default: return tld.count == 2 ? Region(code: String(tld)) : nil
        }
    }

    enum Message {
        static func disagree(name: String, named: [Region], codes: String, regions: [Region]) -> String {
            "the area '\(name.prefix(60))' names \(named.map(\.code).joined(separator: ", ")), but its codes (\(codes)) are in \(regions.map(\.code).joined(separator: ", ")); placed by the codes"
        }
        static func swapped(_ regions: [Region]) -> String {
            "these coordinates are at sea read as latitude,longitude but in \(regions.map(\.code).joined(separator: ", ")) read as longitude,latitude; read swapped"
        }
        static let noRegion = "no region for this item: no area code, no coordinates on land, no place name Gaffe knows, and no regions configured for the feed; not imported (set regions for this feed to place such items)"
    }
}
