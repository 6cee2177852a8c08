// The legend's classes. When the API made an imagesV2 image of the property, its legend is used as is
// (the same classes the image shows). Without one (images turned off, or a property with one value)
// the classes are computed here the way docs/OUTPUTS.md "V2 legend" defines them: min, the 1/7 … 6/7
// quantiles (linear between order statistics, numpy's default) and max, coloured by the ramp's stops.
const RAMP = ['#C80000', '#FF2800', '#FF9600', '#FFF000', '#00E600', '#00BE00', '#008200'];

export function quantile(sorted, p) {
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
}

export function computedRanges(values) {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  if (!sorted.length) return [];
  const bounds = RAMP.map((_, i) => (i === 0 ? sorted[0] : quantile(sorted, i / RAMP.length)));
  bounds.push(sorted[sorted.length - 1]);
  return RAMP.map((colorCode, i) => ({ colorCode, min: bounds[i], max: bounds[i + 1] }));
}

export function parseColor(code) {
  const hex = code.replace('#', '');
  return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
}

// Class i holds [min_i, min_{i+1}); values below the first class or above the last are clamped (the
// imagesV2 classes are of the filtered points, the map shows every standard point).
export function classOf(ranges, value) {
  for (let i = ranges.length - 1; i > 0; i -= 1) if (value >= ranges[i].min) return i;
  return 0;
}
