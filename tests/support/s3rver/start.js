// Starts s3rver on 127.0.0.1 for furrow's tests:
//   node start.js --port P --dir D --bucket B [--bucket B2 ...] [--parts-log FILE]
// --port 0 picks a free port. Prints "listening PORT" once the server accepts connections; stops
// on SIGTERM or when its parent closes stdin. --parts-log appends one JSON line per stored
// multipart part ({"upload","part","size","md5"}) so tests can check how a blob was split.
'use strict';
const fs = require('fs');
const S3rver = require('s3rver');

function parseArgs(argv) {
  const out = { port: 0, dir: null, buckets: [], partsLog: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--port') out.port = Number(value);
    else if (name === '--dir') out.dir = value;
    else if (name === '--bucket') out.buckets.push(value);
    else if (name === '--parts-log') out.partsLog = value;
    else throw new Error(`unknown option ${name}`);
  }
  if (!out.dir) throw new Error('--dir is required');
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: args.port,
    directory: args.dir,
    silent: true,
    configureBuckets: args.buckets.map(name => ({ name })),
  });
  if (args.partsLog) {
    const putPart = server.store.putPart.bind(server.store);
    server.store.putPart = async (bucket, uploadId, partNumber, content) => {
      const result = await putPart(bucket, uploadId, partNumber, content);
      fs.appendFileSync(args.partsLog, JSON.stringify({ upload: uploadId, part: Number(partNumber), size: result.size, md5: result.md5 }) + '\n');
      return result;
    };
  }
  const { port } = await server.run();
  process.stdout.write(`listening ${port}\n`);
  const stop = () => server.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch(err => {
  process.stderr.write(`s3rver: ${err.stack || err}\n`);
  process.exit(1);
});
