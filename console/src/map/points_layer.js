// A MapLibre custom layer that draws every point with one WebGL draw call from typed arrays: a million
// points are 8 MB of positions and 4 MB of colours on the GPU, no GeoJSON, no tiling. It records how
// many points its last frame drew (`renderedPoints`), which the page exposes for tests.
const VERTEX = `
attribute vec2 a_pos;
attribute vec4 a_color;
uniform mat4 u_matrix;
uniform float u_size;
varying vec4 v_color;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
  v_color = a_color;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 v_color;
void main() {
  vec2 offset = gl_PointCoord - vec2(0.5);
  if (dot(offset, offset) > 0.25) discard;
  gl_FragColor = v_color;
}`;

const EARTH_CIRCUMFERENCE_M = 40075016.686;

function compile(gl, type, source) {
  const shader = gl.createShader(type);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(shader));
  return shader;
}

export class PointsLayer {
  // mercator: {originX, originY, xy}; colors: Uint8Array RGBA per point; diameterM: drawn size on the ground.
  constructor(id, mercator, colors, diameterM, latitude) {
    this.id = id;
    this.type = 'custom';
    this.renderingMode = '2d';
    this.mercator = mercator;
    this.colors = colors;
    this.diameterM = diameterM;
    this.latitude = latitude;
    this.renderedPoints = 0;
    this.onRender = () => {};
  }

  onAdd(map, gl) {
    this.map = map;
    this.program = gl.createProgram();
    gl.attachShader(this.program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(this.program, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(this.program);
    if (!gl.getProgramParameter(this.program, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(this.program));
    this.positionBuffer = gl.createBuffer();
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positionBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, this.mercator.xy, gl.STATIC_DRAW);
    this.colorBuffer = gl.createBuffer();
    this.setColors(this.colors, gl);
  }

  setColors(colors, gl = this.gl()) {
    this.colors = colors;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colorBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, colors, gl.STATIC_DRAW);
    this.map?.triggerRepaint();
  }

  gl() { return this.map.painter.context.gl; }

  onRemove(map, gl) {
    gl.deleteBuffer(this.positionBuffer);
    gl.deleteBuffer(this.colorBuffer);
    gl.deleteProgram(this.program);
  }

  render(gl, matrix) {
    const { originX, originY, xy } = this.mercator;
    // The origin folded into the matrix in double precision: u = M * T(origin).
    const m = Array.from(matrix);
    for (let row = 0; row < 4; row += 1) m[12 + row] = matrix[row] * originX + matrix[4 + row] * originY + matrix[12 + row];
    const metresPerPixel = (EARTH_CIRCUMFERENCE_M * Math.cos((this.latitude * Math.PI) / 180)) / (512 * 2 ** this.map.getZoom());
    const size = Math.min(16, Math.max(2, this.diameterM / metresPerPixel)) * (window.devicePixelRatio || 1);
    gl.useProgram(this.program);
    gl.uniformMatrix4fv(gl.getUniformLocation(this.program, 'u_matrix'), false, new Float32Array(m));
    gl.uniform1f(gl.getUniformLocation(this.program, 'u_size'), size);
    const pos = gl.getAttribLocation(this.program, 'a_pos');
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positionBuffer);
    gl.enableVertexAttribArray(pos);
    gl.vertexAttribPointer(pos, 2, gl.FLOAT, false, 0, 0);
    const color = gl.getAttribLocation(this.program, 'a_color');
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colorBuffer);
    gl.enableVertexAttribArray(color);
    gl.vertexAttribPointer(color, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
    const count = xy.length / 2;
    gl.drawArrays(gl.POINTS, 0, count);
    gl.disableVertexAttribArray(pos);
    gl.disableVertexAttribArray(color);
    this.renderedPoints = count;
    this.onRender(count);
  }

  // The index of the point nearest to a clicked position within `pixels`, or -1.
  nearest(lngLat, mercatorX, mercatorY, pixels) {
    const { originX, originY, xy } = this.mercator;
    const x = mercatorX(lngLat.lng) - originX;
    const y = mercatorY(lngLat.lat) - originY;
    const tolerance = pixels / (512 * 2 ** this.map.getZoom());
    let best = -1;
    let bestDistance = tolerance * tolerance;
    for (let i = 0; i < xy.length / 2; i += 1) {
      const dx = xy[2 * i] - x;
      const dy = xy[2 * i + 1] - y;
      const d = dx * dx + dy * dy;
      if (d <= bestDistance) { bestDistance = d; best = i; }
    }
    return best;
  }
}
