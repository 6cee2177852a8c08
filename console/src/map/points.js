// Decodes GET .../files/{id}/points?property=KEY (docs/API.md "Points for maps"): "FURROWP1", f64
// origin longitude, f64 origin latitude, u32 n, then Float32 longitude and latitude offsets from the
// origin and Float32 values (NaN = no value), little-endian.
const MAGIC = 'FURROWP1';
const HEADER_BYTES = 28;

export function decodePoints(buffer) {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 8));
  if (magic !== MAGIC) throw new Error(`not a furrow points answer (${magic})`);
  const originLon = view.getFloat64(8, true);
  const originLat = view.getFloat64(16, true);
  const count = view.getUint32(24, true);
  if (buffer.byteLength !== HEADER_BYTES + 12 * count) throw new Error('points answer of the wrong length');
  const lonOffsets = new Float32Array(buffer, HEADER_BYTES, count);
  const latOffsets = new Float32Array(buffer, HEADER_BYTES + 4 * count, count);
  const values = new Float32Array(buffer, HEADER_BYTES + 8 * count, count);
  return { originLon, originLat, count, lonOffsets, latOffsets, values };
}

// Web Mercator in MapLibre's world units (0..1 across the world).
export function mercatorX(lon) { return (lon + 180) / 360; }
export function mercatorY(lat) {
  const rad = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(Math.PI / 4 + rad / 2)) / Math.PI) / 2;
}

// Positions relative to the first point's Mercator coordinates, so Float32 keeps them exact to
// millimetres on the GPU; the origin is folded into the matrix in double precision (points_layer.js).
export function toMercator(points) {
  const { count, originLon, originLat, lonOffsets, latOffsets } = points;
  const originX = mercatorX(originLon);
  const originY = mercatorY(originLat);
  const xy = new Float32Array(2 * count);
  const bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i += 1) {
    const lon = originLon + lonOffsets[i];
    const lat = originLat + latOffsets[i];
    xy[2 * i] = mercatorX(lon) - originX;
    xy[2 * i + 1] = mercatorY(lat) - originY;
    bounds[0] = Math.min(bounds[0], lon); bounds[1] = Math.min(bounds[1], lat);
    bounds[2] = Math.max(bounds[2], lon); bounds[3] = Math.max(bounds[3], lat);
  }
  return { originX, originY, xy, bounds };
}
