import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { teamsAppManifest, type TeamsAppManifestInput } from './teams-app-manifest.js';

/**
 * The Teams app package (what `npm run teams:manifest` writes): a zip with manifest.json and the two icons
 * Teams requires, a 192×192 full-colour icon and a 32×32 white-on-transparent outline.
 */
export function teamsAppPackage(input: TeamsAppManifestInput): Buffer {
  return zip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(teamsAppManifest(input), null, 2)) },
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
  ]);
}

/** A flame-orange square with a white "F"-like bar mark. */
function colorIcon(size = 192): Buffer {
  return png(size, size, (x, y) => {
    const mark =
      (x >= 60 && x < 84 && y >= 40 && y < 152) ||
      (x >= 60 && x < 136 && y >= 40 && y < 64) ||
      (x >= 60 && x < 120 && y >= 84 && y < 108);
    return mark ? [255, 255, 255, 255] : [217, 72, 15, 255];
  });
}

/** The same mark in white on transparent, as Teams wants outline icons. */
function outlineIcon(size = 32): Buffer {
  return png(size, size, (x, y) => {
    const mark =
      (x >= 10 && x < 14 && y >= 6 && y < 26) ||
      (x >= 10 && x < 23 && y >= 6 && y < 10) ||
      (x >= 10 && x < 20 && y >= 14 && y < 18);
    return mark ? [255, 255, 255, 255] : [0, 0, 0, 0];
  });
}

/** A minimal RGBA PNG encoder (8-bit, no filtering). */
function png(width: number, height: number, pixel: (x: number, y: number) => number[]): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A minimal zip writer (deflate, no zip64): enough for a three-file app package. */
function zip(files: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data);
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
