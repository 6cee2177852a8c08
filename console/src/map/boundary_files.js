// Field boundaries read from files in the browser: GeoJSON (a FeatureCollection, a Feature or a bare
// geometry) and KML (every <Polygon>, names from the enclosing <Placemark>). Each boundary becomes
// {name, geometry} with a GeoJSON Polygon or MultiPolygon; other geometries are skipped and counted.
// Zips (shapefiles need a reader the browser does not have) go to the server's upload service (views/fields.js).

function fromGeoJson(text, fallbackName) {
  const doc = JSON.parse(text);
  const features = doc.type === 'FeatureCollection' ? doc.features
    : doc.type === 'Feature' ? [doc] : [{ type: 'Feature', properties: {}, geometry: doc }];
  const boundaries = [];
  let skipped = 0;
  features.forEach((feature, i) => {
    const geometry = feature && feature.geometry;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) { skipped += 1; return; }
    const props = feature.properties || {};
    const name = props.name || props.NAME || props.Name || props.field || props.FIELD || `${fallbackName} ${i + 1}`;
    boundaries.push({ name: String(name), geometry });
  });
  return { boundaries, skipped };
}

// "lon,lat[,alt] lon,lat[,alt] ..." (KML's coordinates element) as GeoJSON positions.
function kmlRing(element) {
  const text = element ? element.textContent.trim() : '';
  return text.split(/\s+/).filter(Boolean).map((tuple) => tuple.split(',').slice(0, 2).map(Number));
}

function fromKml(text, fallbackName) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.querySelector('parsererror')) throw new Error('the KML file is not well-formed XML');
  const placemarks = [...doc.getElementsByTagName('Placemark')];
  const boundaries = [];
  let skipped = 0;
  placemarks.forEach((placemark, i) => {
    const polygons = [...placemark.getElementsByTagName('Polygon')].map((polygon) => {
      const outer = polygon.getElementsByTagName('outerBoundaryIs')[0];
      const inners = [...polygon.getElementsByTagName('innerBoundaryIs')];
      return [kmlRing(outer && outer.getElementsByTagName('coordinates')[0]),
        ...inners.map((inner) => kmlRing(inner.getElementsByTagName('coordinates')[0]))];
    });
    if (!polygons.length) { skipped += 1; return; }
    const nameElement = [...placemark.children].find((child) => child.tagName === 'name');
    const name = nameElement ? nameElement.textContent.trim() : `${fallbackName} ${i + 1}`;
    boundaries.push({ name, geometry: polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons } });
  });
  return { boundaries, skipped };
}

export async function readBoundaryFile(file) {
  const base = file.name.replace(/\.[^.]*$/, '');
  const lower = file.name.toLowerCase();
  const text = await file.text();
  if (lower.endsWith('.kml')) return fromKml(text, base);
  if (lower.endsWith('.geojson') || lower.endsWith('.json')) return fromGeoJson(text, base);
  throw new Error(`${file.name}: the console reads GeoJSON (.geojson, .json) and KML (.kml) boundaries`);
}
