// Drawing and editing a field boundary on a MapLibre map, without a drawing library (MapLibre has
// none, and the Mapbox draw plugin needs CSS hacks and a second map API): the boundary is a list of
// polygons, each a list of rings of [lon, lat] (GeoJSON order, rings kept open here and closed on
// output). Editing: drag a vertex to move it; drag the dot in the middle of an edge to add a vertex
// there; double-click a vertex to remove it (a ring keeps at least 3). Drawing: each click adds a
// vertex to a new outer ring; clicking its first vertex or calling finishDrawing() closes it.
// `onChange(editor)` runs after every change; the map element's data-vertices says how many there are.

const HIT_PIXELS = 10;

const EMPTY = { type: 'FeatureCollection', features: [] };

function closed(ring) {
  return [...ring, ring[0]];
}

function openRing(ring) {
  const last = ring.length - 1;
  const same = ring.length > 1 && ring[0][0] === ring[last][0] && ring[0][1] === ring[last][1];
  return (same ? ring.slice(0, last) : ring).map(([lon, lat]) => [lon, lat]);
}

// The polygons of a GeoJSON Polygon or MultiPolygon geometry (anything else: none).
export function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates.map(openRing)];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((polygon) => polygon.map(openRing));
  return [];
}

const RADIUS_M = 6378137;
const rad = (degrees) => (degrees * Math.PI) / 180;

// A ring's area on a sphere of the WGS84 equatorial radius, in m² (the trapezoid sum of Chamberlain and
// Duquette, "Some algorithms for polygons on a sphere", JPL 2007). The server stores the geodesic area
// on the ellipsoid; this is the live estimate while drawing (they differ by well under 1 %).
function ringArea(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [lon1, lat1] = ring[i];
    const [lon2, lat2] = ring[(i + 1) % ring.length];
    sum += rad(lon2 - lon1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return Math.abs((sum * RADIUS_M * RADIUS_M) / 2);
}

export function areaHectares(polygons) {
  let m2 = 0;
  for (const [shell, ...holes] of polygons) {
    if (shell.length < 3) continue;
    m2 += ringArea(shell) - holes.reduce((sum, hole) => sum + ringArea(hole), 0);
  }
  return m2 / 10000;
}

export class PolygonEditor {
  constructor(map, polygons, onChange) {
    this.map = map;
    this.polygons = polygons;
    this.draft = null; // the ring being drawn, or null
    this.onChange = onChange;
    this.drag = null;
    map.addSource('edit-shape', { type: 'geojson', data: EMPTY });
    map.addSource('edit-handles', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'edit-fill', type: 'fill', source: 'edit-shape', filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#2f6b3a', 'fill-opacity': 0.18 } });
    map.addLayer({ id: 'edit-line', type: 'line', source: 'edit-shape',
      paint: { 'line-color': '#2f6b3a', 'line-width': 2 } });
    map.addLayer({ id: 'edit-midpoints', type: 'circle', source: 'edit-handles', filter: ['==', ['get', 'kind'], 'midpoint'],
      paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-opacity': 0.8, 'circle-stroke-color': '#2f6b3a', 'circle-stroke-width': 1 } });
    map.addLayer({ id: 'edit-vertices', type: 'circle', source: 'edit-handles', filter: ['==', ['get', 'kind'], 'vertex'],
      paint: { 'circle-radius': 5, 'circle-color': '#2f6b3a', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    map.on('mousedown', (event) => this.pressed(event));
    map.on('mousemove', (event) => this.moved(event));
    map.on('mouseup', () => this.released());
    map.on('click', (event) => this.clicked(event));
    map.on('dblclick', (event) => this.doubleClicked(event));
    this.render();
  }

  geometry() {
    const polygons = this.polygons.filter(([shell]) => shell.length >= 3);
    if (!polygons.length) return null;
    return { type: 'MultiPolygon', coordinates: polygons.map((rings) => rings.map(closed)) };
  }

  // Vertices of the boundary, those of a ring being drawn included.
  vertexCount() {
    const drawn = this.draft ? this.draft.length : 0;
    return drawn + this.polygons.reduce((n, rings) => n + rings.reduce((m, ring) => m + ring.length, 0), 0);
  }

  startDrawing() {
    this.draft = [];
    this.map.getCanvas().style.cursor = 'crosshair';
    this.map.doubleClickZoom.disable();
    this.changed();
  }

  // Closes the ring being drawn as a new polygon (fewer than 3 vertices: dropped).
  finishDrawing() {
    if (this.draft && this.draft.length >= 3) this.polygons.push([this.draft]);
    this.draft = null;
    this.map.getCanvas().style.cursor = '';
    this.map.doubleClickZoom.enable();
    this.changed();
  }

  clear() {
    this.polygons = [];
    this.draft = null;
    this.changed();
  }

  changed() {
    this.render();
    this.map.getContainer().dataset.vertices = this.vertexCount();
    if (this.onChange) this.onChange(this);
  }

  render() {
    const shapes = this.polygons.filter(([shell]) => shell.length >= 3)
      .map((rings) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings.map(closed) } }));
    if (this.draft && this.draft.length > 1) {
      shapes.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: this.draft } });
    }
    const handles = [];
    this.polygons.forEach((rings, p) => rings.forEach((ring, r) => ring.forEach((position, v) => {
      handles.push({ type: 'Feature', properties: { kind: 'vertex', p, r, v }, geometry: { type: 'Point', coordinates: position } });
      const next = ring[(v + 1) % ring.length];
      handles.push({ type: 'Feature', properties: { kind: 'midpoint', p, r, v },
        geometry: { type: 'Point', coordinates: [(position[0] + next[0]) / 2, (position[1] + next[1]) / 2] } });
    })));
    (this.draft || []).forEach((position, v) => handles.push(
      { type: 'Feature', properties: { kind: 'vertex', draft: true, v }, geometry: { type: 'Point', coordinates: position } }));
    this.map.getSource('edit-shape').setData({ type: 'FeatureCollection', features: shapes });
    this.map.getSource('edit-handles').setData({ type: 'FeatureCollection', features: handles });
  }

  // The handle (vertex first, then midpoint) under a mouse event, as its properties.
  handleAt(point) {
    const box = [[point.x - HIT_PIXELS, point.y - HIT_PIXELS], [point.x + HIT_PIXELS, point.y + HIT_PIXELS]];
    for (const layer of ['edit-vertices', 'edit-midpoints']) {
      const found = this.map.queryRenderedFeatures(box, { layers: [layer] });
      if (found.length) return found[0].properties;
    }
    return null;
  }

  pressed(event) {
    if (this.draft) return;
    const handle = this.handleAt(event.point);
    if (!handle || handle.draft) return;
    event.preventDefault(); // no map panning while a vertex moves
    const ring = this.polygons[handle.p][handle.r];
    let v = handle.v;
    if (handle.kind === 'midpoint') {
      v += 1;
      ring.splice(v, 0, [event.lngLat.lng, event.lngLat.lat]);
    }
    this.drag = { ring, v };
    this.map.dragPan.disable();
  }

  moved(event) {
    if (!this.drag) return;
    this.drag.ring[this.drag.v] = [event.lngLat.lng, event.lngLat.lat];
    this.render();
  }

  released() {
    if (!this.drag) return;
    this.drag = null;
    this.map.dragPan.enable();
    this.changed();
  }

  clicked(event) {
    if (!this.draft) return;
    const handle = this.handleAt(event.point);
    if (handle && handle.draft && handle.v === 0 && this.draft.length >= 3) {
      this.finishDrawing();
      return;
    }
    this.draft.push([event.lngLat.lng, event.lngLat.lat]);
    this.changed();
  }

  doubleClicked(event) {
    if (this.draft) return;
    const handle = this.handleAt(event.point);
    if (!handle || handle.kind !== 'vertex' || handle.draft) return;
    event.preventDefault(); // no zoom
    const ring = this.polygons[handle.p][handle.r];
    if (ring.length <= 3) return;
    ring.splice(handle.v, 1);
    this.changed();
  }
}
