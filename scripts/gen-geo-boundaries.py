#!/usr/bin/env python3
"""Regenerates lexicons/geo/boundaries.tsv: coarse country and US-state outlines for Gaffe's
coordinates -> region lookup.

usage:
    pip download --no-deps geopandas==0.14.4 bokeh_sampledata==2026.1 -d /tmp/gaffe-geo
    python3 scripts/gen-geo-boundaries.py /tmp/gaffe-geo > lexicons/geo/boundaries.tsv

Inputs (checked by SHA-256 so the output is reproducible):
  * Natural Earth 1:110m Admin-0 countries (public domain, naturalearthdata.com), as bundled by
    the geopandas 0.14.4 wheel (BSD-3-Clause) in geopandas/datasets/naturalearth_lowres
    (Natural Earth 5.x with geopandas' Crimea and ISO code fixes).
  * Natural Earth 1:110m populated places (public domain), same wheel, naturalearth_cities: the
    capitals used to place small countries the 1:110m outlines leave out.
  * US state outlines from the U.S. Census Bureau TIGER/Line shapefiles (not copyrighted; source
    credit: U.S. Census Bureau, Geography Division), simplified, as bundled by the
    bokeh_sampledata 2026.1 wheel (BSD-3-Clause) in _data/geographic_boundaries.db.

Only the Python standard library is needed: the shapefile, dBase and WKB readers are below.

Output: one line per region, `code<TAB>ring<TAB>ring...`, or `code<TAB>@lat,lon,radius_km` for a
small country given as a circle. A ring is `lon,lat` pairs in hundredths of a degree (about 1 km),
the first pair absolute and each later pair a difference from the one before, separated by spaces.
Rings are simplified with Douglas-Peucker at 0.02 degrees; a point is inside a region when it is
inside an odd number of its rings (holes included).
"""
import hashlib
import io
import os
import sqlite3
import struct
import sys
import zipfile

WHEELS = {
    "geopandas-0.14.4-py3-none-any.whl": "3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa",
    "bokeh_sampledata-2026.1-py3-none-any.whl": "f40331a40ca30c64a1c1471835aad9006b61b0d9731a3f649ee8cbbf48d3822f",
}
TOLERANCE = 0.02  # degrees
SCALE = 100  # hundredths of a degree

# Natural Earth codes that are not ISO 3166-1 alpha-3, mapped to the ISO country that contains
# them de jure (Northern Cyprus, Somaliland). Kosovo has no ISO 3166-1 code and is left out.
NE_CODE_FIXES = {"CYN": "CYP", "SOL": "SOM", "-99": None}

# Countries and territories the 1:110m outlines leave out, placed as a circle around their
# capital (from naturalearth_cities when it has it, else the coordinates given here) with a
# radius that covers the main island or city. (ISO alpha-2, capital name or (lat, lon), km)
SMALL_PLACES = [
    ("VA", "Vatican City", 5), ("SM", "San Marino", 10), ("LI", "Vaduz", 15), ("MC", "Monaco", 5),
    ("AD", "Andorra", 20), ("MT", "Valletta", 25), ("SG", "Singapore", 30), ("BH", "Manama", 30),
    ("HK", "Hong Kong", 30), ("MO", (22.19, 113.54), 10), ("MV", "Malé", 60), ("MU", "Port Louis", 40),
    ("SC", "Victoria", 30), ("KM", "Moroni", 100), ("CV", "Praia", 150), ("ST", "São Tomé", 60),
    ("DM", "Roseau", 30), ("BB", "Bridgetown", 25), ("VC", "Kingstown", 30), ("LC", "Castries", 25),
    ("KN", "Basseterre", 30), ("GD", "Saint George's", 25), ("AG", "Saint John's", 30),
    ("WS", "Apia", 80), ("TO", "Nuku'alofa", 60), ("KI", "Tarawa", 60), ("FM", "Palikir", 60),
    ("MH", "Majuro", 60), ("TV", "Funafuti", 30), ("PW", "Melekeok", 50), ("NR", (-0.53, 166.93), 10),
    ("GU", (13.45, 144.78), 30), ("MP", (15.19, 145.75), 50), ("AS", (-14.30, -170.70), 30),
    ("VI", (18.34, -64.90), 40), ("VG", (18.43, -64.62), 25), ("AI", (18.22, -63.06), 15),
    ("MS", (16.74, -62.19), 10), ("KY", (19.31, -81.25), 40), ("BM", (32.31, -64.78), 15),
    ("AW", (12.52, -69.97), 20), ("CW", (12.17, -68.99), 30), ("SX", (18.04, -63.05), 8),
    ("MF", (18.07, -63.08), 8), ("BL", (17.90, -62.83), 8), ("TC", (21.69, -71.80), 60),
    ("GP", (16.25, -61.58), 50), ("MQ", (14.64, -61.02), 40), ("RE", (-21.11, 55.53), 45),
    ("YT", (-12.83, 45.17), 25), ("PM", (46.89, -56.32), 20), ("PF", (-17.65, -149.43), 60),
    ("WF", (-13.77, -177.16), 30), ("CK", (-21.24, -159.78), 30), ("NU", (-19.05, -169.87), 20),
    ("GI", (36.14, -5.35), 5), ("IM", (54.24, -4.55), 30), ("JE", (49.21, -2.13), 15),
    ("GG", (49.46, -2.58), 15), ("FO", (62.01, -6.77), 70), ("AX", (60.12, 19.90), 50),
]


def wheel(folder, name):
    path = os.path.join(folder, name)
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != WHEELS[name]:
        sys.exit(f"{name}: sha256 {digest} is not the expected {WHEELS[name]}")
    return zipfile.ZipFile(path)


def read_dbf(data, encoding):
    count = struct.unpack("<I", data[4:8])[0]
    header_length, record_length = struct.unpack("<HH", data[8:12])
    fields, position = [], 32
    while data[position] != 0x0D:
        name = data[position:position + 11].split(b"\0")[0].decode()
        fields.append((name, data[position + 16]))
        position += 32
    records = []
    for index in range(count):
        offset = header_length + index * record_length + 1
        record = {}
        for name, length in fields:
            record[name] = data[offset:offset + length].decode(encoding).strip()
            offset += length
        records.append(record)
    return records


def read_shp(data):
    """Shapes of a shapefile: a list of rings of (lon, lat) for polygons, one (lon, lat) for points."""
    shapes, offset = [], 100
    while offset < len(data):
        length = struct.unpack(">I", data[offset + 4:offset + 8])[0] * 2
        body = data[offset + 8:offset + 8 + length]
        offset += 8 + length
        kind = struct.unpack("<i", body[:4])[0]
        if kind == 1:
            shapes.append(struct.unpack("<2d", body[4:20]))
        elif kind == 5:
            parts_count, points_count = struct.unpack("<2i", body[36:44])
            parts = list(struct.unpack("<%di" % parts_count, body[44:44 + 4 * parts_count])) + [points_count]
            start = 44 + 4 * parts_count
            coords = struct.unpack("<%dd" % (2 * points_count), body[start:start + 16 * points_count])
            points = list(zip(coords[0::2], coords[1::2]))
            shapes.append([points[parts[i]:parts[i + 1]] for i in range(parts_count)])
        else:
            sys.exit(f"unexpected shape type {kind}")
    return shapes


def read_wkb(blob, offset=0):
    """Rings of (lon, lat) of a WKB Polygon or MultiPolygon, and the offset after it."""
    order = "<" if blob[offset] == 1 else ">"
    kind = struct.unpack(order + "I", blob[offset + 1:offset + 5])[0]
    offset += 5
    count = struct.unpack(order + "I", blob[offset:offset + 4])[0]
    offset += 4
    rings = []
    if kind == 3:
        for _ in range(count):
            points = struct.unpack(order + "I", blob[offset:offset + 4])[0]
            offset += 4
            coords = struct.unpack(order + "%dd" % (2 * points), blob[offset:offset + 16 * points])
            offset += 16 * points
            rings.append(list(zip(coords[0::2], coords[1::2])))
    elif kind == 6:
        for _ in range(count):
            polygon, offset = read_wkb(blob, offset)
            rings += polygon
    else:
        sys.exit(f"unexpected WKB type {kind}")
    return rings, offset


def simplify(points, tolerance):
    """Douglas-Peucker, iterative, keeping the first and last point."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def encode(ring):
    """A closed ring as quantised, delta-encoded `lon,lat` pairs; None when it collapses."""
    simplified = simplify(ring, TOLERANCE)
    quantised = []
    for lon, lat in simplified:
        point = (round(lon * SCALE), round(lat * SCALE))
        if not quantised or quantised[-1] != point:
            quantised.append(point)
    if len(quantised) > 1 and quantised[0] == quantised[-1]:
        quantised.pop()
    if len(quantised) < 3:
        return None
    pairs, previous = [], (0, 0)
    for point in quantised:
        pairs.append("%d,%d" % (point[0] - previous[0], point[1] - previous[1]))
        previous = point
    return " ".join(pairs)


def alpha2_by_alpha3(regions_tsv):
    table = {}
    for line in open(regions_tsv, encoding="utf-8"):
        columns = line.rstrip("\n").split("\t")
        if len(columns) >= 5 and columns[1] == "country":
            table[columns[2]] = columns[0]
    return table


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    iso = alpha2_by_alpha3(os.path.join(root, "lexicons", "regions.tsv"))

    geopandas = wheel(folder, "geopandas-0.14.4-py3-none-any.whl")
    base = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
    countries = read_dbf(geopandas.read(base + ".dbf"), "latin-1")
    outlines = read_shp(geopandas.read(base + ".shp"))
    cities_base = "geopandas/datasets/naturalearth_cities/naturalearth_cities"
    city_names = [r["name"] for r in read_dbf(geopandas.read(cities_base + ".dbf"), "latin-1")]
    city_points = read_shp(geopandas.read(cities_base + ".shp"))
    cities = dict(zip(city_names, city_points))

    lines = []
    present = set()
    for record, rings in zip(countries, outlines):
        alpha3 = record["iso_a3"]
        alpha3 = NE_CODE_FIXES.get(alpha3, alpha3)
        if alpha3 is None:
            print(f"skipped {record['name']} (no ISO 3166-1 code)", file=sys.stderr)
            continue
        code = iso.get(alpha3)
        if code is None:
            sys.exit(f"{record['name']}: {alpha3} is not in lexicons/regions.tsv")
        encoded = [e for e in (encode(ring) for ring in rings) if e]
        if code in present:
            # A second feature for the same country (Northern Cyprus joins Cyprus).
            index = next(i for i, line in enumerate(lines) if line.startswith(code + "\t"))
            lines[index] += "\t" + "\t".join(encoded)
        else:
            lines.append(code + "\t" + "\t".join(encoded))
            present.add(code)

    for code, place, radius in SMALL_PLACES:
        if code in present:
            sys.exit(f"{code} has an outline and a circle")
        if isinstance(place, str):
            if place not in cities:
                sys.exit(f"{place} is not in naturalearth_cities")
            lon, lat = cities[place]
        else:
            lat, lon = place
        lines.append("%s\t@%.2f,%.2f,%d" % (code, lat, lon, radius))

    bokeh = wheel(folder, "bokeh_sampledata-2026.1-py3-none-any.whl")
    database_path = "/tmp/gaffe-geo-boundaries.db"
    with open(database_path, "wb") as out:
        out.write(bokeh.read("bokeh_sampledata/_data/geographic_boundaries.db"))
    database = sqlite3.connect(database_path)
    states = []
    for code, blob in database.execute("select id, geometry from us_states order by id"):
        rings, _ = read_wkb(blob)
        encoded = [e for e in (encode(ring) for ring in rings) if e]
        states.append("US-%s\t%s" % (code, "\t".join(encoded)))
    database.close()
    os.remove(database_path)

    out = io.StringIO()
    out.write("# Coarse outlines for placing coordinates in regions; generated by scripts/gen-geo-boundaries.py.\n")
    out.write("# Countries: Natural Earth 1:110m Admin-0 (public domain), small countries as circles around\n")
    out.write("# Natural Earth capitals. US states: U.S. Census Bureau TIGER/Line (source credit: U.S. Census\n")
    out.write("# Bureau, Geography Division), simplified. Format: code, then rings of lon,lat in 1/100 degree,\n")
    out.write("# delta-encoded; or @lat,lon,radius_km for a circle. See docs/feeds.md.\n")
    for line in lines + states:
        out.write(line + "\n")
    sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main()
