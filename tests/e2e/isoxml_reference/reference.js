#!/usr/bin/env node
// Independent reading of an ISOXML TASKDATA with the npm `isoxml` package (dev4Agriculture).
// furrow's e2e tests compare furrow's output against what this prints; nothing here uses furrow.
//
//   node reference.js [--series] [--ddis 0043,0054,...] INPUT        -> one JSON document
//   node reference.js --bench [--repeat N] INPUT...                  -> one JSON line per input
//
// INPUT is an ISOXML zip or a folder holding TASKDATA.XML (zipped in memory as TASKDATA/...).
//
// Per task with time logs (TLG) it reports: the number of records, the records with a valid
// position (not exactly 0,0, |lat| <= 90, |lon| <= 180), first/last record time (the binary's
// own time read as UTC, as isoxml does) and, for every logged DDI of every device element, the
// raw values of the positioned records with ISOXML's "last known value" rule applied
// (isoxml's getFilledTimeLogs: a value carries forward until a new one is logged).
// Raw means exactly as stored in the binary: no scale is applied here.
'use strict';
const fs = require('fs');
const path = require('path');
const JSZip = require('jszip');
const { ISOXMLManager } = require('isoxml');

function usage(msg) {
  process.stderr.write(`${msg}\nusage: reference.js [--series] [--ddis HEX,...] INPUT | --bench [--repeat N] INPUT...\n`);
  process.exit(2);
}

async function loadInput(input) {
  const st = fs.statSync(input);
  if (st.isFile()) return new Uint8Array(fs.readFileSync(input));
  const zip = new JSZip();
  for (const name of fs.readdirSync(input).sort()) {
    const full = path.join(input, name);
    if (fs.statSync(full).isFile()) zip.file(`TASKDATA/${name}`, fs.readFileSync(full));
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}

function validPosition(rec) {
  if (!rec.isValidPosition || !rec.position) return false;
  const lat = rec.position.PositionNorth;
  const lon = rec.position.PositionEast;
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function xmlIdOf(manager, entity) {
  const ref = manager.getReferenceByEntity ? manager.getReferenceByEntity(entity) : null;
  return ref ? ref.xmlId : null;
}

async function parse(data) {
  const manager = new ISOXMLManager();
  await manager.parseISOXMLFile(data, 'application/zip');
  const tasks = manager.rootElement.attributes.Task || [];
  const out = [];
  for (const task of tasks) {
    const timeLogs = task.attributes.TimeLog || [];
    if (!timeLogs.length) continue;
    out.push({ task, timeLogs, parsed: timeLogs.map(tl => {
      if (!tl.binaryData || !tl.timeLogHeader) {
        tl.parsingErrors.push('binary or header file missing');
        return { valuesInfo: [], timeLogs: [] };
      }
      return tl.parseBinaryFile();
    }) });
  }
  return { manager, tasks: out };
}

function deviceElementInfo(manager, detId) {
  const det = detId ? manager.getEntityByXmlId(detId) : null;
  if (!det) return { det: detId, detType: null, detDepth: null, detDesignator: null, device: null, deviceSerial: null };
  const device = det.getParentDevice ? det.getParentDevice() : undefined;
  // Depth below the device's root element: 0 for the element whose parent object id is 0 (or
  // which is itself of type 1, "device"), +1 per ParentObjectId hop.
  let depth = null;
  if (device) {
    const elements = device.attributes.DeviceElement || [];
    const byObjectId = new Map(elements.map(e => [Number(e.attributes.DeviceElementObjectId), e]));
    let cur = det;
    depth = 0;
    while (cur && Number(cur.attributes.ParentObjectId) !== 0 && depth < 64) {
      const parent = byObjectId.get(Number(cur.attributes.ParentObjectId));
      if (!parent || parent === cur) break;
      cur = parent;
      depth++;
    }
  }
  return {
    det: detId,
    detType: det.attributes.DeviceElementType !== undefined ? Number(det.attributes.DeviceElementType) : null,
    detDepth: depth,
    detDesignator: det.attributes.DeviceElementDesignator ?? null,
    device: device ? (device.attributes.DeviceDesignator ?? null) : null,
    deviceSerial: device ? (device.attributes.DeviceSerialNumber ?? null) : null,
  };
}

// The devices whose elements the task's time logs reference: {designator, serialNumber, ...}.
function devicesOf(manager, task, timeLogs) {
  const seen = new Map();
  for (const tl of timeLogs) {
    for (const dlv of (tl.timeLogHeader && tl.timeLogHeader.attributes.DataLogValue) || []) {
      const detId = dlv.attributes.DeviceElementIdRef ? dlv.attributes.DeviceElementIdRef.xmlId : null;
      const det = detId ? manager.getEntityByXmlId(detId) : null;
      const device = det && det.getParentDevice ? det.getParentDevice() : undefined;
      if (!device || seen.has(device)) continue;
      seen.set(device, {
        id: xmlIdOf(manager, device),
        designator: device.attributes.DeviceDesignator ?? null,
        serialNumber: device.attributes.DeviceSerialNumber ?? null,
        softwareVersion: device.attributes.DeviceSoftwareVersion ?? null,
      });
    }
  }
  return [...seen.values()];
}

function describeTask(manager, entry, opts) {
  const { task, timeLogs } = entry;
  // Records of every TLG of the task, each TLG filled with isoxml's own carry-forward, then
  // merged in time order (stable: file order breaks ties).
  let records = [];
  const parsingErrors = [];
  const valueInfos = new Map();
  timeLogs.forEach((tl, i) => {
    const info = entry.parsed[i];
    for (const vi of info.valuesInfo) if (!valueInfos.has(vi.valueKey)) valueInfos.set(vi.valueKey, vi);
    const filled = info.timeLogs.length ? tl.getFilledTimeLogs() : [];
    records = records.concat(filled);
    for (const e of tl.parsingErrors) parsingErrors.push(`${tl.attributes.Filename}: ${e}`);
  });
  records = records.map((r, i) => [r, i]).sort((a, b) => (+a[0].time - +b[0].time) || (a[1] - b[1])).map(x => x[0]);
  const positioned = records.filter(validPosition);

  const values = {};
  for (const [key, vi] of valueInfos) {
    const ddi = key.split('_')[0];
    if (opts.ddis && !opts.ddis.has(ddi.toUpperCase())) continue;
    let count = 0, sum = 0, min = null, max = null;
    const series = opts.series ? [] : null;
    for (const rec of positioned) {
      const v = rec.values[key];
      if (v === undefined) { if (series) series.push(null); continue; }
      count++; sum += v;
      min = min === null ? v : Math.min(min, v);
      max = max === null ? v : Math.max(max, v);
      if (series) series.push(v);
    }
    values[key] = Object.assign({ ddi: ddi.toUpperCase(), ddiNumber: parseInt(ddi, 16) },
      deviceElementInfo(manager, vi.deviceElementId),
      { isoxmlUnit: vi.unit, isoxmlScale: vi.scale, count, sum, min, max },
      series ? { series } : {});
  }

  const totals = [];
  for (const tim of task.attributes.Time || []) {
    for (const dlv of tim.attributes.DataLogValue || []) {
      const detId = dlv.attributes.DeviceElementIdRef ? dlv.attributes.DeviceElementIdRef.xmlId : null;
      const info = deviceElementInfo(manager, detId);
      totals.push({ ddi: String(dlv.attributes.ProcessDataDDI).toUpperCase(),
                    value: dlv.attributes.ProcessDataValue,
                    det: detId, detDepth: info.detDepth, device: info.device,
                    start: tim.attributes.Start ? tim.attributes.Start.toISOString() : null });
    }
  }

  const doc = {
    id: xmlIdOf(manager, task),
    designator: task.attributes.TaskDesignator ?? null,
    timeLogs: timeLogs.map(tl => tl.attributes.Filename),
    parsingErrors,
    records: records.length,
    positioned: positioned.length,
    first: positioned.length ? positioned[0].time.toISOString() : null,
    last: positioned.length ? positioned[positioned.length - 1].time.toISOString() : null,
    totals,
    devices: devicesOf(manager, task, timeLogs),
    values,
  };
  if (opts.series) {
    doc.times = positioned.map(r => +r.time);
    doc.lat = positioned.map(r => r.position.PositionNorth);
    doc.lon = positioned.map(r => r.position.PositionEast);
    doc.up = positioned.map(r => (r.position.PositionUp === null || r.position.PositionUp === undefined) ? null : r.position.PositionUp);
  }
  return doc;
}

async function reference(input, opts) {
  const data = await loadInput(input);
  const { manager, tasks } = await parse(data);
  return {
    input,
    isoxmlVersion: require('isoxml/package.json').version,
    warnings: manager.getWarnings(),
    tasks: tasks.map(t => describeTask(manager, t, opts)),
  };
}

// Timing of the parse only: TASKDATA.XML + every TLG header and binary, from bytes in memory.
// parse_ms is the best of `repeat` runs in one process (JIT warm), first_ms the first (cold) run.
async function bench(inputs, repeat) {
  for (const input of inputs) {
    const data = await loadInput(input);
    let best = Infinity, first = null, points = 0, records = 0, files = 0;
    for (let i = 0; i < repeat; i++) {
      const t0 = process.hrtime.bigint();
      const { tasks } = await parse(data);
      const t1 = process.hrtime.bigint();
      const ms = Number(t1 - t0) / 1e6;
      if (first === null) first = ms;
      if (ms < best) best = ms;
      points = 0; records = 0; files = tasks.length;
      for (const t of tasks) for (const p of t.parsed) {
        records += p.timeLogs.length;
        points += p.timeLogs.filter(validPosition).length;
      }
    }
    process.stdout.write(JSON.stringify({ input, files, records, points, parse_ms: best, first_ms: first, repeat }) + '\n');
  }
}

async function main() {
  const args = process.argv.slice(2);
  const opts = { series: false, ddis: null };
  let benchMode = false, repeat = 3;
  const inputs = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--series') opts.series = true;
    else if (a === '--ddis') opts.ddis = new Set((args[++i] || '').split(',').filter(Boolean).map(s => s.toUpperCase()));
    else if (a === '--bench') benchMode = true;
    else if (a === '--repeat') repeat = parseInt(args[++i], 10);
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else inputs.push(a);
  }
  if (!inputs.length) usage('no input');
  if (benchMode) return bench(inputs, Math.max(1, repeat || 1));
  if (inputs.length !== 1) usage('one input at a time');
  process.stdout.write(JSON.stringify(await reference(inputs[0], opts)) + '\n');
}

main().catch(err => { process.stderr.write(`reference.js: ${err && err.stack || err}\n`); process.exit(1); });
