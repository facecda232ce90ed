// node scripts/precompress.js <file>…: writes, next to each file, its brotli (.br, quality
// 11) and gzip (.gz, level 9) forms, which the server sends to browsers that accept them.
const fs = require('fs');
const zlib = require('zlib');

for (const file of process.argv.slice(2)) {
  const data = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  fs.writeFileSync(`${file}.br`, brotli);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
}
